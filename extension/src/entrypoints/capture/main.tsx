import '@/overlay/overlay.css';
import '@/popup/popup.css';
import { render } from 'preact';
import { CapturePage } from '@/popup/capture-page';

render(<CapturePage hash={location.hash} />, document.getElementById('app')!);
