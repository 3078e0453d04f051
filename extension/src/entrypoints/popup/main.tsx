import '@/overlay/overlay.css';
import '@/popup/popup.css';
import { render } from 'preact';
import { PopupApp } from '@/popup/popup-app';

render(<PopupApp />, document.getElementById('app')!);
