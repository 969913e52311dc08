#!/usr/bin/env python3
# Usage: extract-schemas.py <openai-openapi/openapi.yaml> <out.yaml> [<root schema> <title>]
# Copies the root schema (CreateChatCompletionRequest unless named) and every schema it reaches,
# verbatim, and checks the copy parses to the same data as the source. Needs PyYAML.
#   chat-completions-request.yaml: no root named
#   responses-request.yaml: CreateResponse "Responses request subset"
import yaml, re, sys
path=sys.argv[1]
root=sys.argv[3] if len(sys.argv) > 3 else 'CreateChatCompletionRequest'
title=sys.argv[4] if len(sys.argv) > 4 else 'Chat Completions request subset'
lines=open(path).read().split('\n')
src = yaml.safe_load('\n'.join(lines))
schemas = src['components']['schemas']
seen=[]
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == '$ref' and isinstance(v, str):
                name = v.split('/')[-1]
                if name not in seen:
                    seen.append(name); walk(schemas[name])
            else: walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
seen.append(root); walk(schemas[root])
# locate components.schemas section
start = lines.index('components:')
sidx = lines.index('  schemas:', start)
blocks={}
i=sidx+1
cur=None
while i < len(lines):
    l=lines[i]
    if l and not l.startswith('    ') :
        break
    m=re.match(r'^    ([A-Za-z0-9_.-]+):\s*$', l)
    if m:
        cur=m.group(1); blocks[cur]=[l]
    elif cur:
        blocks[cur].append(l)
    i+=1
out=['# Extracted from github.com/openai/openai-openapi at commit f85dbe2 (MIT; see LICENSE beside this',
     '# file): components.schemas.' + root + ' and every schema it reaches through $ref,',
     '# copied verbatim (text unchanged, order as in the source). Regenerate with extract-schemas.py.',
     'openapi: 3.1.0','info:','  title: OpenAI API (' + title + ')','  version: 2.3.0','components:','  schemas:']
for name in sorted(seen, key=lambda n: list(blocks).index(n)):
    b=blocks[name]
    while b and b[-1].strip()=='' : b=b[:-1]
    out.extend(b)
text='\n'.join(out)+'\n'
# verify equal after parse
sub=yaml.safe_load(text)['components']['schemas']
assert set(sub)==set(seen)
for n in seen: assert sub[n]==schemas[n], n
open(sys.argv[2],'w').write(text)
print(len(text), len(seen))
