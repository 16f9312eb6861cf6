// The autoloader through the host's bundler: the gauge's chunk is fetched when React adds the tag,
// and `data` still reaches it as a property (every tag is registered at once, with its properties).
import { createRoot } from 'react-dom/client';
import 'retention-kit';
import { health } from './data';

createRoot(document.getElementById('root')!).render(<health-gauge data={{ ...health, health_score: 64 }} theme="dark" />);
