import { render } from 'preact';
import { App } from './app';
import { CALLBACK_PATH, completeSignIn } from './auth';
import { loadConfig } from './config';
import './styles.css';

const root = document.getElementById('app')!;

async function start() {
  const config = await loadConfig();
  if (location.pathname === CALLBACK_PATH) history.replaceState(null, '', await completeSignIn(config));
  render(<App config={config} />, root);
}

start().catch((error: unknown) => {
  render(
    <main id="main" class="narrow">
      <h1>The console could not start</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      <p>
        <a href="/">Try again</a>
      </p>
    </main>,
    root,
  );
});
