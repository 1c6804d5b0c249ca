import type { Component } from 'svelte';
import Dashboard from '../views/Dashboard.svelte';
import Deals from '../views/Deals.svelte';
import Import from '../views/Import.svelte';
import O2R from '../views/O2R.svelte';
import Conflicts from '../views/Conflicts.svelte';
import Outbox from '../views/Outbox.svelte';
import Review from '../views/Review.svelte';
import Settings from '../views/Settings.svelte';
import Alerts from '../views/Alerts.svelte';
import WhatMoved from '../views/WhatMoved.svelte';
import { writeBack } from './writeback-status.svelte';

export interface Route {
  id: string;
  label: string;
  icon: string;
  component: Component;
  /** A count shown next to the label while it is not zero (read reactively by the navigation). */
  badge?: () => { count: number; label: string; tone: 'warn' | 'info' } | null;
}

/** The sections of the app, in navigation order. The hash (#/deals) keeps the place on reload. */
export const routes: Route[] = [
  { id: 'dashboard', label: 'Dashboard', icon: '◧', component: Dashboard },
  { id: 'deals', label: 'Deals', icon: '☰', component: Deals },
  { id: 'moved', label: 'What moved', icon: '⇅', component: WhatMoved },
  { id: 'alerts', label: 'Alerts', icon: '⚠', component: Alerts },
  { id: 'o2r', label: 'O2R', icon: '➜', component: O2R },
  {
    id: 'conflicts',
    label: 'Conflicts',
    icon: '⇄',
    component: Conflicts,
    badge: () => {
      const n = writeBack.status?.conflict ?? 0;
      return n ? { count: n, label: `${n} conflict${n === 1 ? '' : 's'} to settle`, tone: 'warn' } : null;
    },
  },
  {
    id: 'outbox',
    label: 'Outbox',
    icon: '⇡',
    component: Outbox,
    badge: () => {
      const s = writeBack.status;
      const n = s ? s.pending + s.sent + s.failed : 0;
      return n ? { count: n, label: `${n} change${n === 1 ? '' : 's'} waiting for the CRM`, tone: 'info' } : null;
    },
  },
  { id: 'review', label: 'Review', icon: '✓', component: Review },
  { id: 'import', label: 'Import', icon: '⇪', component: Import },
  { id: 'settings', label: 'Settings', icon: '⚙', component: Settings },
];

/** `#/o2r?health=RED` → id 'o2r', params {health: 'RED'}: a screen and what it should show first. */
function fromHash(): { id: string; params: Record<string, string> } {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { id: path || 'dashboard', params: Object.fromEntries(new URLSearchParams(query)) };
}

export const currentRoute = $state(fromHash());

window.addEventListener('hashchange', () => Object.assign(currentRoute, fromHash()));

export function navigate(id: string) {
  location.hash = `#/${id}`;
}
