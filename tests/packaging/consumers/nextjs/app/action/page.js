import ActionProbe from './ActionProbe';

export default function ActionPage() {
  return <ActionProbe />;
}
