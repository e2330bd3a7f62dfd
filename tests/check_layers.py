#!/usr/bin/env python3
"""Fails when a source file includes against the layers (docs/architecture.md).

Every quoted #include is resolved to the layer it names; a file may include only its own layer
and the layers listed below for it. Usage: check_layers.py SOURCE_DIR [FILE...]: with files,
only those are checked (the test checks the whole tree)."""
import os
import re
import sys

# Layers of models/ (ospcore) and what each may include. Data flows one way: bytes ->
# formats/collectors -> trace -> analysis/geometry/compare -> itemmodels -> views; export
# reads traces and analysis values; jobs string layers together.
MODEL_LAYERS = {
    'util': set(),
    'trace': {'util'},
    'formats': {'trace', 'util'},
    'collectors': {'formats', 'trace', 'util'},
    'analysis': {'trace', 'util'},
    'geometry': {'analysis', 'trace', 'util'},
    'compare': {'analysis', 'trace', 'util'},
    'export': {'analysis', 'trace', 'util'},
    'jobs': {'compare', 'analysis', 'formats', 'trace', 'util'},
    'itemmodels': {'jobs', 'compare', 'geometry', 'analysis', 'collectors', 'formats', 'trace',
                   'util'},
}
ALL_MODELS = set(MODEL_LAYERS)
# views/ rooms may include every model layer, views/common, and the rooms listed here.
VIEW_ROOMS = {
    'common': set(),
    'secrets': set(),
    'canvas': set(),
    'calltree': set(),
    'analysis': set(),
    'collectors': {'secrets'},
    'compare': {'canvas', 'calltree'},
    'trace': {'canvas', 'calltree', 'analysis'},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+(["<])([^">]+)[">]', re.M)
WIDGET_HEADERS = re.compile(r'^(QtWidgets|QtGui|QtSvg|Q(Widget|Painter|Image|Color|Pixmap|Font|'
                            r'Application|MainWindow|Dialog|Action|Menu|Label|Icon|Palette)\b)')


def layer_of(path):
    """('models', layer) / ('views', room) / ('app', name) / ('tests', '') for a source path."""
    parts = path.split('/')
    if parts[0] in ('models', 'views') and len(parts) > 2:
        return parts[0], parts[1]
    if parts[0] == 'app' and len(parts) > 2:
        return 'app', parts[1]
    return parts[0], ''


def target_of(include, root, here):
    """The (kind, layer) an include names, or None for a header beside the file or outside."""
    if include.startswith('views/'):
        return layer_of(include)
    first = include.split('/')[0]
    if '/' in include and first in ALL_MODELS and os.path.exists(os.path.join(root, 'models', include)):
        return 'models', first
    return None


def problems(root, path):
    kind, layer = layer_of(path)
    text = open(os.path.join(root, path), encoding='utf-8').read()
    for m in INCLUDE.finditer(text):
        quote, include = m.groups()
        line = text.count('\n', 0, m.start()) + 1
        close = '"' if quote == '"' else '>'
        where = f'{path}:{line}: #include {quote}{include}{close}'
        if quote == '<':
            if kind == 'models' and WIDGET_HEADERS.match(include):
                yield f'{where}: ospcore ({layer}/) must not include widget or painting headers'
            continue
        target = target_of(include, root, path)
        if target is None:
            if kind in ('models', 'views') and '/' not in include:
                yield f'{where}: spell includes from the library root ("{layer}/{include}")'
            continue
        tkind, tlayer = target
        if kind == 'models':
            if tkind != 'models':
                yield f'{where}: ospcore ({layer}/) must not include views/'
            elif tlayer != layer and tlayer not in MODEL_LAYERS[layer]:
                yield (f'{where}: {layer}/ may include only '
                       f'{", ".join(sorted(MODEL_LAYERS[layer] | {layer}))}')
        elif kind == 'views':
            if tkind == 'views' and tlayer not in (layer, 'common') and tlayer not in VIEW_ROOMS[layer]:
                allowed = sorted(VIEW_ROOMS[layer] | {layer, 'common'})
                yield f'{where}: views/{layer}/ may include only views/{{{",".join(allowed)}}}/ and models/'
        elif kind == 'app' and layer == 'cli' and tkind == 'views':
            yield f'{where}: osptrace links only ospcore'


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    files = sys.argv[2:]
    if not files:
        for top in ('models', 'views', 'app'):
            for d, _, names in os.walk(os.path.join(root, top)):
                files += [os.path.relpath(os.path.join(d, n), root) for n in names
                          if n.endswith(('.h', '.cpp'))]
    bad = [p for f in sorted(files) for p in problems(root, f)]
    for p in bad:
        print(p)
    kinds = {layer_of(f)[0] for f in files}
    print(f'check_layers: {len(files)} files, {len(bad)} wrong-way includes', file=sys.stderr)
    if not files or not {'models'} <= kinds and len(sys.argv) <= 2:
        print('check_layers: no sources found under', root, file=sys.stderr)
        return 2
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
