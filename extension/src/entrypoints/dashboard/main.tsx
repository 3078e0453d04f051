import '@/overlay/overlay.css';
import '@/popup/popup.css';
import { render } from 'preact';
import { DashboardPlaceholder } from '@/popup/dashboard-placeholder';

render(<DashboardPlaceholder />, document.getElementById('app')!);
