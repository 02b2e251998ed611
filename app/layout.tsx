import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Library e-resources',
  description: 'Sign in with RERO+ to reach the e-resources your library licenses for you.',
  robots: { index: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        {children}
      </body>
    </html>
  );
}
