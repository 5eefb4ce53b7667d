import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../components/app';
import { playgroundStore } from './state/playground-store';
import { PlaygroundProvider } from './state/playground-context';
import { startUrlSync } from './state/url-sync';
import './styles/theme.css';
import '../components/app/app.css';
import '../components/controls/controls.css';

startUrlSync(playgroundStore);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PlaygroundProvider store={playgroundStore}>
      <App />
    </PlaygroundProvider>
  </StrictMode>,
);
