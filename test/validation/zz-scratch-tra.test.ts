import { isGovalidatorURL, isGovalidatorFilePath, isGoCIDR, goURLParseRequestURI } from '../../src/lib/validation/go-url.js';
const cases = ['127.0.0.1:5000','google.com','not_valid_url','http://logs.com','http://jaeger-collector1.mesh-observability:9411/api/v2/spans','otel:4317','logs.com:1234','http://a_b.com','foo','a.b'];
for (const c of cases) console.log(c, isGovalidatorURL(c));
for (const c of ['/tmp/logs.txt','#not_valid','', 'C:\\x\\y', 'relative/p']) console.log(JSON.stringify(c), isGovalidatorFilePath(c));
for (const c of ['1.2.3.4','1.2.3.4/24','::1/128','1.2.3.4/33']) console.log(c, isGoCIDR(c));
console.log(goURLParseRequestURI('http://intake.datadoghq.eu:8126/some/path'), goURLParseRequestURI('sql://intake.datadoghq.eu:8126'));
for (const n of [30, 200, 2000]) {
  for (const adv of ['a'.repeat(n)+'!', 'a-'.repeat(n/2)+'!', 'a.'.repeat(n/2)+'!', 'http://'+'a'.repeat(n)+'@', 'a1_'.repeat(n/3)+' ', 'www.'+'a-a.'.repeat(n/4)+'#']) {
    const t=Date.now(); isGovalidatorURL(adv); const d=Date.now()-t; if (d>20) console.log('SLOW', n, adv.slice(0,20), d);
  }
}
console.log('done');
import {it} from 'vitest'; it('x',()=>{});
