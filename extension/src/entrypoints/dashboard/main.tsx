import '@/overlay/overlay.css';
import '@/dashboard/dashboard.css';
import { render } from 'preact';
import { DashboardApp } from '@/dashboard/app';

render(<DashboardApp />, document.getElementById('app')!);
