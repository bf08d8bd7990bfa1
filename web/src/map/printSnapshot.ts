/**
 * Printing a WebGL map: browsers may print a blank canvas, so before printing the last frame
 * (kept by preserveDrawingBuffer) is copied into an <img> that the print stylesheet shows in
 * place of the canvas.
 */
export function installPrintSnapshot(container: HTMLElement, canvas: () => HTMLCanvasElement): () => void {
  const img = document.createElement('img');
  img.className = 'map-print-snapshot';
  img.alt = '';
  container.appendChild(img);
  const before = () => {
    try {
      img.src = canvas().toDataURL('image/png');
    } catch {
      img.removeAttribute('src');
    }
  };
  const after = () => img.removeAttribute('src');
  addEventListener('beforeprint', before);
  addEventListener('afterprint', after);
  return () => {
    removeEventListener('beforeprint', before);
    removeEventListener('afterprint', after);
    img.remove();
  };
}
