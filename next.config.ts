import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The mount helpers (lib/mount) serve the app under a prefix of an existing server.
  basePath: process.env.YARDMASTER_BASE_PATH || undefined,
  // Job systems' clients are Node-only; keep them out of the bundler.
  serverExternalPackages: ['bullmq', 'ioredis'],
  poweredByHeader: false,
  compress: true,
  devIndicators: false,
};

export default nextConfig;
