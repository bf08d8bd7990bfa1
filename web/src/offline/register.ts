/**
 * Registers the service worker (web/src/sw.ts) once the page has loaded, so its precaching of the
 * app never competes with the first map on a slow rural link. Only in a build (the dev server has
 * no service worker), and only where the browser has them (a secure origin: https or localhost).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('service worker not registered', err);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
