/** Rows of named values as a table, one column per name: a report's rows, a cohort's sample. */
export function RecordTable(props: { caption: string; columns: string[]; rows: Record<string, unknown>[]; blank?: string }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {props.columns.map((c) => (
              <td key={c}>{String(row[c] ?? props.blank ?? '')}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
