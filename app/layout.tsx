import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { themeBootScript } from '@/components/shell/theme-boot-script';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Yardmaster', template: '%s · Yardmaster' },
  description: 'Queues, jobs and workers of BullMQ, Celery and Temporal in one place.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before first paint, so React must not "correct" it.
    <html lang="en" data-theme="light" suppressHydrationWarning>
      <head>
        {/* A constant script (no user data): picks the theme before paint so there is no flash. */}
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
