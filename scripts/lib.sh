# Shared by the scripts in this folder: source it, do not run it.
# Works as root or as a user with sudo.

AR2C_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=15
# AR2C_PG_PREFIX points at a private copy of the PostgreSQL installation
# (made by scripts/private-pg), so that several working trees can install
# and test at once without overwriting each other's extension files.
PGBIN=${AR2C_PG_PREFIX:-}/usr/lib/postgresql/$PG_MAJOR/bin
export PGBIN
export PG_CONFIG=$PGBIN/pg_config

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages that are not installed yet.
ensure_packages() {
	local missing=()
	local pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "ar2c: installing ${missing[*]}" >&2
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# What building and installing the extension needs.
BUILD_PACKAGES=(make gcc libc6-dev libxml2-dev postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR)
# ar2c-sender (src/sender/): libpq and libcurl (SMTP, HTTP)
BUILD_PACKAGES+=(libpq-dev libcurl4-openssl-dev libssl-dev)
# What every test suite needs on top of that.
TEST_PACKAGES=(postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl
	libcmocka-dev clang libclang-rt-dev clang-format cppcheck postgresql-$PG_MAJOR-cron odbc-postgresql unixodbc python3
	libqpdf-dev qpdf)
# ar2c-sender's tests: an SMTP sink, a certificate for its TLS (test/sender/)
TEST_PACKAGES+=(python3-aiosmtpd openssl)
# What building Citus from a source tree needs (scripts/build-citus).
CITUS_PACKAGES=(libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev libselinux1-dev
	libpam0g-dev libssl-dev libxslt1-dev libreadline-dev zlib1g-dev)
# What the browser suite of the HTML reports needs (test/reports).
REPORT_PACKAGES=(chromium fonts-noto-cjk poppler-utils nodejs)

# Build with warnings as errors and install into the server's directories.
build_and_install() {
	(cd "$AR2C_ROOT" && make -s WERROR=1 >/dev/null && as_root make -s install >/dev/null)
}
