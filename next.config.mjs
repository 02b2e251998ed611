import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The tests build into a folder of their own (NEXT_DIST_DIR=.next-test), so that
  // `npm test` never replaces the build a running `npm start` or demo serves.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // A folder that holds all the server loads (scripts/build.mjs completes it with the gateway's server).
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['better-sqlite3', 'pg', 'pino'],
  // forbidden() in app/admin answers a signed-in non-staff visitor with a 403 page (app/forbidden.tsx).
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole project first (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
};

export default withNextIntl(nextConfig);
