import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built into the service's dist (`dist/console`), which Gatehouse serves at /console. `npm run
 * console:dev` runs Vite's dev server against a Gatehouse on GATEHOUSE_URL (default localhost:9000),
 * proxying the API so that the session cookie stays same-origin.
 */
const target = process.env.GATEHOUSE_URL ?? 'http://localhost:9000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../dist/console', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/cloud', '/admin', '/store'].map((prefix) => [
        prefix,
        { target, changeOrigin: false },
      ]),
    ),
  },
});
