import { parse } from 'yaml';
import fs from 'fs';
const doc = parse(fs.readFileSync('/work/shared/reference/kuma-2.14.3/openapi.yaml','utf8'));
const s = doc.components.schemas;
const name = process.argv[2]; const path = process.argv[3]?.split('.') ?? [];
let v = s[name].properties.spec;
for (const p of path) v = p==='[]' ? v.items : v.properties[p];
console.log(JSON.stringify(v, (k,val)=> k==='description'? undefined : val, 1).slice(0, +process.argv[4]||4000));
