#!/usr/bin/env bash
# The desktop files as a software centre and a desktop read them: desktop-file-validate,
# appstreamcli validate (no network), the newest release in the metainfo is the project's
# version, and update-mime-database accepts the MIME XML.
# usage: check_desktop_files.sh SOURCE_DIR VERSION
set -euo pipefail
src=$1 version=$2
id=io.github.ospview.ospview
pkg="$src/packaging"

desktop-file-validate "$pkg/$id.desktop"
appstreamcli validate --no-net --pedantic "$pkg/$id.metainfo.xml"

newest=$(grep -o -m1 '<release version="[^"]*"' "$pkg/$id.metainfo.xml" | cut -d'"' -f2)
if [[ $newest != "$version" ]]; then
    echo "$pkg/$id.metainfo.xml: newest <release> is '$newest', the project is $version" >&2
    exit 1
fi

# The .desktop file must name the icon and MIME types we install.
grep -qx "Icon=$id" "$pkg/$id.desktop"
[[ -f $src/resources/icons/$id.svg ]]
for type in $(grep -o 'type="[^"]*"' "$pkg/$id.mime.xml" | grep -v sub-class | cut -d'"' -f2 | grep osprofiler); do
    grep -q "^MimeType=.*$type;" "$pkg/$id.desktop" || { echo "$id.desktop lacks $type" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mime/packages"
cp "$pkg/$id.mime.xml" "$tmp/mime/packages/$id.xml"
# Without -V it prints nothing on success; errors (bad XML, unknown elements) fail it.
out=$(XDG_DATA_DIRS=$tmp XDG_DATA_HOME=$tmp update-mime-database "$tmp/mime" 2>&1)
if [[ -n $out ]]; then
    echo "update-mime-database: $out" >&2
    exit 1
fi
echo "desktop file, metainfo ($newest) and MIME XML are valid"
