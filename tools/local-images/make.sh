#!/usr/bin/env bash
# Makes, on a machine with podman but no image registry, the images that the Dockerfile and
# deploy/compose.yaml name, from Debian's packages — FOR THE TESTS ONLY (a real deployment pulls the
# official images). Each is made only when `podman image exists` says it is missing, so a second run costs
# nothing:
#   docker.io/library/debian:bookworm-slim  debootstrap --variant=minbase, trimmed like the official slim image
#   docker.io/library/redis:7               Debian's redis-server on that base
#   docker.io/library/nginx:stable          Debian's nginx on that base, laid out like the official image
# Usage: tools/local-images/make.sh [base|redis|nginx]...   (default: all three)
# Podman settings for this kind of sandbox (runc, no default ulimits) are in containers.conf beside this
# file; the tests point CONTAINERS_CONF at it, and so does this script when the caller has not.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"

base=docker.io/library/debian:bookworm-slim

mirror() { # debian | debian-security
  # The machine's own Debian mirrors, read from its apt sources (deb822 or one-line form), never written here.
  grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -oE "https?://[^ ]+/$1/?( |\$)" | head -1 | tr -d ' ' || true
}

make_base() {
  podman image exists "$base" && return 0
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  local root
  root=$(mktemp -d /tmp/vanish-rootfs.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  local main security
  main=$(mirror debian)
  security=$(mirror debian-security)
  [ -n "$main" ] || { echo "no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
  debootstrap --variant=minbase bookworm "$root" "$main" >/dev/null
  # The official image's sources: bookworm, its updates and its security updates.
  rm -f "$root/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$main" > "$root/etc/apt/sources.list.d/debian.sources"
  [ -z "$security" ] || printf '\nTypes: deb\nURIs: %s\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$security" >> "$root/etc/apt/sources.list.d/debian.sources"
  # What the official slim image leaves out, and the same dpkg rule so that later installs leave it out too.
  cat > "$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/docker-no-recommends"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  rm -rf "$root"/usr/share/{man,info,locale,lintian}/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
  tar -C "$root" -c . | podman import --quiet --change 'CMD ["bash"]' - "$base" >/dev/null
}

make_from() { # name containerfile
  podman image exists "$1" && return 0
  make_base
  podman build --quiet --format docker --network host -t "$1" -f "$here/$2" "$here" >/dev/null
}

[ $# -gt 0 ] || set -- base redis nginx
for what in "$@"; do
  case "$what" in
    base) make_base ;;
    redis) make_from docker.io/library/redis:7 redis.Containerfile ;;
    nginx) make_from docker.io/library/nginx:stable nginx.Containerfile ;;
    *) echo "unknown image: $what" >&2; exit 2 ;;
  esac
done
