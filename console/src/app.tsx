import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api';
import { currentSession, signIn, signOut, type Session } from './auth';
import type { ConsoleConfig } from './config';
import { canCall, ConsoleContext, type Console } from './context';
import type { RouteKey } from './api/route-roles';
import { match, onLinkClick, useLocation } from './router';
import { AchievementEditorPage, NewAchievementPage } from './pages/achievement-editor';
import { AchievementsPage } from './pages/achievements';
import { ApprovalPage, ApprovalsPage } from './pages/approvals';
import { AuditPage } from './pages/audit';
import { CohortPage, CohortsPage } from './pages/cohorts';
import { CredentialPage, CredentialsPage } from './pages/credentials';
import { HomePage } from './pages/home';
import { IssuancePage, IssuePage } from './pages/issue';
import { IssuerPage, IssuersPage } from './pages/issuers';
import { NewPathwayPage, PathwayPage, PathwaysPage } from './pages/pathways';
import { ReportsPage } from './pages/reports';
import { SubscriptionPage, SubscriptionsPage } from './pages/subscriptions';
import { CompletionSourcePage, CompletionSourcesPage } from './pages/completion-sources';
import { InboundActivityPage } from './pages/inbound-activity';
import { NotAllowed } from './pages/not-allowed';

/** The main navigation, in the order staff work; an entry shows only to roles that may use it. */
const NAV: { href: string; label: string; route?: RouteKey }[] = [
  { href: '/', label: 'Home' },
  { href: '/achievements', label: 'Achievements', route: 'GET /achievements' },
  { href: '/pathways', label: 'Pathways', route: 'GET /pathways' },
  { href: '/issue', label: 'Issue', route: 'POST /issuances' },
  { href: '/cohorts', label: 'Cohorts', route: 'GET /batches' },
  { href: '/approvals', label: 'Approvals', route: 'GET /approvals' },
  { href: '/credentials', label: 'Credentials', route: 'GET /credentials' },
  { href: '/audit', label: 'Audit', route: 'GET /issuances/{id}/audit' },
  { href: '/issuers', label: 'Issuers', route: 'GET /issuers' },
  { href: '/reports', label: 'Reports', route: 'GET /reports/{report}' },
  { href: '/subscriptions', label: 'Subscriptions', route: 'GET /webhooks/subscriptions' },
  { href: '/completion-sources', label: 'Completion sources', route: 'GET /completion-sources' },
  { href: '/inbound', label: 'Inbound activity', route: 'GET /completions' },
];

// `any`: each page takes its own path parameters, which match() gives as strings.
const PAGES: { path: string; page: FunctionComponent<any>; route?: RouteKey }[] = [
  { path: '/', page: HomePage },
  { path: '/achievements', page: AchievementsPage, route: 'GET /achievements' },
  { path: '/achievements/new', page: NewAchievementPage, route: 'POST /achievements' },
  { path: '/achievements/:id', page: AchievementEditorPage, route: 'GET /achievements/{id}' },
  { path: '/pathways', page: PathwaysPage, route: 'GET /pathways' },
  { path: '/pathways/new', page: NewPathwayPage, route: 'POST /pathways' },
  { path: '/pathways/:id', page: PathwayPage, route: 'GET /pathways/{id}' },
  { path: '/issue', page: IssuePage, route: 'POST /issuances' },
  { path: '/issuances/:id', page: IssuancePage, route: 'GET /issuances/{id}' },
  { path: '/cohorts', page: CohortsPage, route: 'GET /batches' },
  { path: '/cohorts/:id', page: CohortPage, route: 'GET /batches/{id}' },
  { path: '/approvals', page: ApprovalsPage, route: 'GET /approvals' },
  { path: '/approvals/:id', page: ApprovalPage, route: 'GET /issuances/{id}' },
  { path: '/credentials', page: CredentialsPage, route: 'GET /credentials' },
  { path: '/credentials/:id', page: CredentialPage, route: 'GET /credentials/{id}' },
  { path: '/audit', page: AuditPage, route: 'GET /issuances/{id}/audit' },
  { path: '/issuers', page: IssuersPage, route: 'GET /issuers' },
  { path: '/issuers/:issuerId', page: IssuerPage, route: 'GET /issuers/{issuerId}' },
  { path: '/reports', page: ReportsPage, route: 'GET /reports/{report}' },
  { path: '/subscriptions', page: SubscriptionsPage, route: 'GET /webhooks/subscriptions' },
  { path: '/subscriptions/:id', page: SubscriptionPage, route: 'GET /webhooks/subscriptions/{id}' },
  { path: '/completion-sources', page: CompletionSourcesPage, route: 'GET /completion-sources' },
  { path: '/completion-sources/:id', page: CompletionSourcePage, route: 'GET /completion-sources/{id}/courses' },
  { path: '/inbound', page: InboundActivityPage, route: 'GET /completions' },
];

export function App({ config }: { config: ConsoleConfig }) {
  const [session, setSession] = useState<Session | undefined>(currentSession);
  const [message, setMessage] = useState('');
  // An announcement stays long enough to read, then goes (the live region is read when it changes).
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), 8_000);
    return () => clearTimeout(timer);
  }, [message]);
  const url = useLocation();
  const ctx = useMemo<Console | undefined>(() => {
    if (!session) return undefined;
    const api = createApi(config, currentSession, () => setSession(undefined));
    return { config, session, api, can: (route) => canCall(session.groups, route), announce: setMessage };
  }, [config, session]);

  if (!ctx) return <SignedOut config={config} />;
  const found = PAGES.map((p) => ({ p, params: match(p.path, url.pathname) })).find((x) => x.params);
  const Current = found?.p.page;
  const allowed = !found?.p.route || ctx.can(found.p.route);
  return (
    <ConsoleContext.Provider value={ctx}>
      <Shell config={config} session={session!} current={url.pathname} message={message}>
        {!Current ? <NotFound /> : allowed ? <Current key={url.pathname} {...found.params!} /> : <NotAllowed />}
      </Shell>
    </ConsoleContext.Provider>
  );
}

function Shell(props: { config: ConsoleConfig; session: Session; current: string; message: string; children: ComponentChildren }) {
  const { session } = props;
  const roles = session.groups.join(', ') || 'no roles';
  const isCurrent = (href: string) => (href === '/' ? props.current === '/' : props.current === href || props.current.startsWith(`${href}/`));
  const nav = NAV.filter((n) => !n.route || canCall(session.groups, n.route));
  return (
    <div onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <span class="brand">{props.config.institutionName} · Laurel</span>
        <div class="who">
          <span>
            Signed in as <strong>{session.name}</strong> <span class="roles">({roles})</span>
          </span>
          <button type="button" onClick={() => signOut(props.config)}>
            Sign out
          </button>
        </div>
      </header>
      <nav aria-label="Main" class="main-nav">
        <ul>
          {nav.map((n) => (
            <li key={n.href}>
              <a href={n.href} aria-current={isCurrent(n.href) ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">{props.children}</main>
      <div role="status" aria-live="polite" class="announcer">
        {props.message}
      </div>
    </div>
  );
}

function SignedOut({ config }: { config: ConsoleConfig }) {
  document.title = 'Sign in · Laurel';
  return (
    <div>
      <header class="site">
        <span class="brand">{config.institutionName} · Laurel</span>
      </header>
      <main id="main" class="narrow">
        <h1>Laurel staff console</h1>
        <p>Define achievements, issue credentials, approve requests and answer audits. Sign in with your staff account.</p>
        <button type="button" class="primary" onClick={() => void signIn(config)}>
          Sign in
        </button>
      </main>
    </div>
  );
}

function NotFound() {
  document.title = 'Not found · Laurel';
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <a href="/">Go to Home</a>.
      </p>
    </>
  );
}
