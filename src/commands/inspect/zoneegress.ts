import { zoneProxyCommand } from '../../zone-proxy-command.js';

export default zoneProxyCommand('ZoneEgress');
