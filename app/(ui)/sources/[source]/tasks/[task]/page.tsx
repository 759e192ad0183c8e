import type { Metadata } from 'next';
import { TaskGate } from '@/components/shell/exists-gate';
import { TaskView } from '@/components/task/task-view';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { taskPageData } from '@/lib/server/page-data';

type Params = Promise<{ source: string; task: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { task } = await params;
  return { title: `Task ${decodeRouteParam(task)}` };
}

export default async function TaskPage({ params }: { params: Params }) {
  const raw = await params;
  const [source, task] = [decodeRouteParam(raw.source), decodeRouteParam(raw.task)];
  // Where the task is and its detail come with the HTML.
  const served = await taskPageData(source, task);
  return (
    <ServerData state={served}>
      <TaskGate source={source} task={task}>
        <TaskView source={source} task={task} />
      </TaskGate>
    </ServerData>
  );
}
