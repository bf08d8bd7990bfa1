import type { ReactNode } from 'react';

export interface AppLayoutProps {
  header: ReactNode;
  /** Layers and legend: a column on the left, or a tab of the bottom sheet on a phone (null: none, a full screen). */
  side: ReactNode;
  /** The map, or another screen (admin). */
  main: ReactNode;
  /** Details of the selection: a column on the right, or a tab of the bottom sheet. */
  info: ReactNode;
  /** Phone layout: which sheet tab is open (null: the sheet is folded down to its tabs). */
  sheet: 'layers' | 'info' | null;
  sideCollapsed: boolean;
  infoOpen: boolean;
  /** Phone layout tab bar (rendered only on phones). */
  sheetTabs: ReactNode;
  phone: boolean;
}

/**
 * The page frame with named slots (header, side, main, info). It knows nothing of maps or
 * data: App.tsx decides what goes in each slot, CSS decides where the slots go on each screen.
 */
export function AppLayout(p: AppLayoutProps) {
  const screen = p.side == null && p.info == null;
  const cls = ['app', screen ? 'app--screen' : '', p.phone ? 'app--phone' : 'app--desk', p.sideCollapsed ? 'app--side-collapsed' : '', p.infoOpen ? 'app--info-open' : '', p.sheet ? `app--sheet-${p.sheet}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls}>
      <header className="app-header">{p.header}</header>
      <div className="app-body">
        {p.side != null ? (
          <aside className="app-side" id="side-panel">
            {p.side}
          </aside>
        ) : null}
        <main className="app-main">{p.main}</main>
        {p.info != null ? (
          <aside className="app-info" id="info-panel" aria-live="polite">
            {p.info}
          </aside>
        ) : null}
      </div>
      {p.phone && !screen ? <nav className="app-sheet-tabs">{p.sheetTabs}</nav> : null}
    </div>
  );
}
