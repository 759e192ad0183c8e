'use client';
import { Component, Suspense } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { ErrorBox } from '@/components/ui/error-box';
import { Skeleton } from '@/components/ui/skeleton';

interface BoundaryState {
  error: unknown;
}

class ErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('widget failed to render', error, info.componentStack);
  }

  render() {
    if (this.state.error) return <ErrorBox error={this.state.error} />;
    return this.props.children;
  }
}

/** One widget's own error boundary and Suspense skeleton: a failure stays inside the widget. */
export function WidgetBoundary({ children, skeletonRows = 3 }: { children: ReactNode; skeletonRows?: number }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Skeleton rows={skeletonRows} />}>{children}</Suspense>
    </ErrorBoundary>
  );
}
