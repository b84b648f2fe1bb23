/*
 * kumactl's commands that act on a Kubernetes cluster or on the host rather than on a control plane's
 * API: out of this tool's scope. Each answers with one line saying so and what to use instead.
 */

const GO_KUMACTL = 'the Go kumactl (https://kuma.io/docs/latest/introduction/install/)';

const ALTERNATIVES: Record<string, string> = {
  'install control-plane': `installs Kuma on Kubernetes: use Helm (helm install --create-namespace --namespace kuma-system kuma kuma/kuma) or ${GO_KUMACTL}`,
  'install crds': `installs Kuma's CRDs on Kubernetes: use Helm (the kuma chart installs them) or ${GO_KUMACTL}`,
  'install demo': `installs Kuma's demo application on Kubernetes: use ${GO_KUMACTL}`,
  'install observability': `installs Prometheus, Grafana, Jaeger and Loki on Kubernetes: use their Helm charts or ${GO_KUMACTL}`,
  'install transparent-proxy': `changes the host's iptables: run ${GO_KUMACTL} on that host, as root`,
  'uninstall transparent-proxy': `changes the host's iptables: run ${GO_KUMACTL} on that host, as root`,
  'uninstall ebpf': `removes eBPF programs from the host: run ${GO_KUMACTL} on that host, as root`,
};

/** The one line for `kumactl <family> <words...>`. */
export function notImplementedLine(family: 'install' | 'uninstall', words: string[]): string {
  const sub = words.find((w) => !w.startsWith('-'));
  const command = sub === undefined ? `kumactl ${family}` : `kumactl ${family} ${sub}`;
  const why =
    (sub !== undefined ? ALTERNATIVES[`${family} ${sub}`] : undefined) ??
    `acts on a Kubernetes cluster or on the host, not on a control plane's API: use Helm for Kuma on Kubernetes, or ${GO_KUMACTL}`;
  return `${command} is not implemented by this kumactl: it ${why}\n`;
}

/** The sub-commands kumactl 2.14 has, for the help text. */
export const INSTALL_SUBCOMMANDS = ['control-plane', 'crds', 'demo', 'observability', 'transparent-proxy'];
export const UNINSTALL_SUBCOMMANDS = ['transparent-proxy', 'ebpf'];
