import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { registerServiceWorker } from './offline/register.ts';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
// the inspection outbox sends what waits on the device (web/src/outbox): after the first map, not before
window.addEventListener('load', () => void import('./outbox/sync.ts').then((m) => m.startOutbox()), { once: true });
