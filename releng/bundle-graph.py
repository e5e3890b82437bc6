#!/usr/bin/env python3
"""Draws the product's bundles and what each requires, from their MANIFEST.MF files, for docs/architecture.md.

usage: releng/bundle-graph.py   (from the repository root; needs graphviz's dot and tred)
writes docs/images/bundles.dot and docs/images/bundles.png. Edges are Require-Bundle between our bundles, with
what follows from others left out (tred), so the picture shows the layers."""
import pathlib, re, subprocess

root = pathlib.Path(__file__).resolve().parent.parent
bundles = {}
for manifest in sorted(list(root.glob('bundles/*/META-INF/MANIFEST.MF')) + list(root.glob('dsl/*/META-INF/MANIFEST.MF'))):
    text = re.sub(r'\n ', '', manifest.read_text())
    name = re.search(r'^Bundle-SymbolicName: ([\w.]+)', text, re.M).group(1)
    title = re.search(r'^Bundle-Name: (.*)$', text, re.M)
    req = re.search(r'^Require-Bundle: (.*)$', text, re.M)
    needs = [r.split(';')[0].strip() for r in req.group(1).split(',')] if req else []
    bundles[name] = (title.group(1) if title else name, [n for n in needs if n.startswith('org.underlay.')])

LAYERS = [('language', ['org.underlay.dsl', 'org.underlay.dsl.ide']),
          ('machines', ['org.underlay.bmc', 'org.underlay.ssh', 'org.underlay.credentials', 'org.underlay.bmc.sim',
                        'org.underlay.peers']),
          ('operations', ['org.underlay.operations', 'org.underlay.drawings', 'org.underlay.deploy', 'org.underlay.lab',
                          'org.underlay.bench']),
          ('front ends', ['org.underlay.cli', 'org.underlay.dsl.ui', 'org.underlay.ui', 'org.underlay.app'])]
lines = ['digraph bundles {', '  rankdir=BT; nodesep=0.3; ranksep=0.6;',
         '  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", fontname="Helvetica", fontsize=11];',
         '  edge [color="#7a8694", arrowsize=0.7];']
placed = set()
for i, (layer, names) in enumerate(LAYERS):
    lines.append(f'  subgraph cluster_{i} {{ label="{layer}"; fontname="Helvetica"; fontsize=10; color="#c8d0d8";')
    for n in names:
        if n in bundles:
            lines.append(f'    "{n}" [label="{n[len("org.underlay."):]}"];')
            placed.add(n)
    lines.append('  }')
for n in bundles:
    if n not in placed:
        lines.append(f'  "{n}" [label="{n[len("org.underlay."):]}"];')
for n, (_, needs) in bundles.items():
    for m in needs:
        if m in bundles:
            lines.append(f'  "{n}" -> "{m}";')
lines.append('}')
out = root / 'docs/images'
dot = '\n'.join(lines) + '\n'
reduced = subprocess.run(['tred'], input=dot, capture_output=True, text=True, check=True).stdout
(out / 'bundles.dot').write_text(reduced)
subprocess.run(['dot', '-Tpng', '-Gdpi=110', '-o', str(out / 'bundles.png'), str(out / 'bundles.dot')], check=True)
print('wrote', out / 'bundles.dot', 'and', out / 'bundles.png')
