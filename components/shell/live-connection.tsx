'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { liveFeed } from '@/lib/client/live';

/** Connects the tab's one live feed to the query cache for as long as the app is mounted. */
export function LiveConnection() {
  const client = useQueryClient();
  useEffect(() => liveFeed.connect(client), [client]);
  return null;
}
