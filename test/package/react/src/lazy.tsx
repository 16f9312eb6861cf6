// The autoloader through the host's bundler: the gauge's chunk is fetched when React adds the tag.
import { createRoot } from 'react-dom/client';
import 'retention-kit';

createRoot(document.getElementById('root')!).render(<health-gauge score={64} theme="dark" />);
