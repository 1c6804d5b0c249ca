import type { Component } from 'svelte';
import Dashboard from '../views/Dashboard.svelte';
import Deals from '../views/Deals.svelte';
import O2R from '../views/O2R.svelte';
import Review from '../views/Review.svelte';
import Settings from '../views/Settings.svelte';

export interface Route {
  id: string;
  label: string;
  icon: string;
  component: Component;
}

/** The sections of the app, in navigation order. The hash (#/deals) keeps the place on reload. */
export const routes: Route[] = [
  { id: 'dashboard', label: 'Dashboard', icon: '◧', component: Dashboard },
  { id: 'deals', label: 'Deals', icon: '☰', component: Deals },
  { id: 'o2r', label: 'O2R', icon: '➜', component: O2R },
  { id: 'review', label: 'Review', icon: '✓', component: Review },
  { id: 'settings', label: 'Settings', icon: '⚙', component: Settings },
];

const fromHash = () => location.hash.replace(/^#\/?/, '') || 'dashboard';

export const currentRoute = $state({ id: fromHash() });

window.addEventListener('hashchange', () => (currentRoute.id = fromHash()));

export function navigate(id: string) {
  location.hash = `#/${id}`;
}
