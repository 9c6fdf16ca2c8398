import { useState } from 'preact/hooks';
import { fileFrom, ok, type Answer } from '../api';
import { Checkbox, SelectField, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { RecordTable } from '../components/record-table';
import { ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { saveFile } from '../format';
import { useLoad } from '../load';

type Report = 'issuances' | 'approval-turnaround' | 'deliveries';
type Dimension = 'achievement' | 'cohort' | 'campus' | 'programme' | 'month';
type ReportView = Answer<'/reports/{report}', 'get'>;
const DIMENSIONS: Dimension[] = ['month', 'achievement', 'cohort', 'campus', 'programme'];
const REPORTS: { value: Report; label: string }[] = [
  { value: 'issuances', label: 'Issued credentials' },
  { value: 'approval-turnaround', label: 'Approval turnaround' },
  { value: 'deliveries', label: 'Email deliveries' },
];

const yearAgo = () => new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

/** Issued by month, cohort, campus and programme; approval turnaround; deliveries — as a chart, a table and CSV. */
export function ReportsPage() {
  const { api } = useConsole();
  const [report, setReport] = useState<Report>('issuances');
  const [from, setFrom] = useState(yearAgo);
  const [to, setTo] = useState('');
  const [groupBy, setGroupBy] = useState<Dimension[]>(['month']);
  const [error, setError] = useState<unknown>();
  const query = { from, ...(to ? { to } : {}), groupBy: groupBy.join(',') as never };
  // JSON unless asked for CSV: the route answers both.
  const load = useLoad(() => ok(api.GET('/reports/{report}', { params: { path: { report }, query } })) as Promise<ReportView>, [report, from, to, groupBy.join()]);
  const download = async () => {
    setError(undefined);
    try {
      saveFile(await fileFrom<Blob>(api.GET('/reports/{report}', { params: { path: { report }, query: { ...query, format: 'csv' } }, parseAs: 'blob' })), `laurel-${report}-${from}.csv`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Reports" actions={<button type="button" onClick={() => void download()}>Download report</button>}>
      <form class="filters" aria-label="Report settings" onSubmit={(e) => e.preventDefault()}>
        <SelectField<Report> label="Report" value={report} onValue={setReport} options={REPORTS} />
        <TextField label="From" type="date" value={from} onValue={setFrom} />
        <TextField label="To" type="date" hint="Empty: until now." value={to} onValue={setTo} />
        {report === 'issuances' && (
          <fieldset class="checks">
            <legend>Group by</legend>
            {DIMENSIONS.map((d) => (
              <Checkbox key={d} label={d[0]!.toUpperCase() + d.slice(1)} checked={groupBy.includes(d)} onValue={(on) => setGroupBy((g) => (on ? [...g, d] : g.filter((x) => x !== d)).filter((x, i, all) => all.indexOf(x) === i))} />
            ))}
          </fieldset>
        )}
      </form>
      <ProblemAlert error={load.error ?? error} />
      {!load.data ? <Loading /> : <ReportBody view={load.data} />}
    </Page>
  );
}

function ReportBody({ view }: { view: ReportView }) {
  if (view.rows.length === 0) return <p class="empty">Nothing in this period.</p>;
  const columns = Object.keys(view.rows[0]!);
  const labels = columns.filter((c) => view.groupBy.includes(c));
  const measure = columns.find((c) => ['issued', 'medianMinutes', 'delivered', 'total', 'count'].includes(c)) ?? columns.find((c) => typeof view.rows[0]![c] === 'number');
  return (
    <>
      {measure && <BarChart rows={view.rows} label={(r) => labels.map((l) => String(r[l] ?? '—')).join(' · ') || 'All'} measure={measure} />}
      <RecordTable caption={`${view.report} from ${view.from.slice(0, 10)} to ${view.to.slice(0, 10)}`} columns={columns} rows={view.rows} blank="—" />
    </>
  );
}

/** A horizontal bar chart; the table below it holds the same figures for screen readers, so the chart is hidden from them. */
function BarChart({ rows, label, measure }: { rows: ReportView['rows']; label(r: ReportView['rows'][number]): string; measure: string }) {
  const shown = rows.slice(0, 24);
  const max = Math.max(1, ...shown.map((r) => Number(r[measure] ?? 0)));
  const bar = 22;
  return (
    <figure class="chart" aria-hidden="true">
      <svg viewBox={`0 0 640 ${shown.length * bar + 10}`} width="100%" role="presentation">
        {shown.map((r, i) => {
          const value = Number(r[measure] ?? 0);
          const width = Math.max(2, (value / max) * 380);
          return (
            <g key={i} transform={`translate(0 ${i * bar + 5})`}>
              <text x={200} y={15} text-anchor="end" font-size="13" fill="#1a1a1a">
                {label(r).slice(0, 30)}
              </text>
              <rect x={210} y={3} width={width} height={bar - 6} fill="#0b4f9c" />
              <text x={216 + width} y={15} font-size="13" fill="#1a1a1a">
                {value}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{measure}</figcaption>
    </figure>
  );
}
