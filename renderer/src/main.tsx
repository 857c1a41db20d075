import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ClientProvider } from './client/ClientProvider.tsx';
import { createApiClient } from './client/create-client.ts';
import { registerUiFonts } from './map/fonts.ts';
import { prewarmMapWorkers } from './map/worker.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/panels.css';

registerUiFonts();
prewarmMapWorkers();
const client = createApiClient();
document.body.dataset.mapState = 'loading';
createRoot(document.getElementById('root')!).render(
  <ClientProvider client={client}>
    <App />
  </ClientProvider>,
);
