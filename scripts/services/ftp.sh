#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts the FTP servers the ftp node is proven against, on
# loopback, and stops them when the script exits:
#   - Debian's vsftpd twice, explicit TLS (AUTH TLS) and implicit TLS, both with require_ssl_reuse=YES (each data
#     connection must resume the control connection's TLS session), run as root without systemd; it needs
#     /var/run/vsftpd/empty and a PAM user;
#   - pyftpdlib (PyPI) in plain FTP with MLSD, and a hostile variant whose listings name ../x, /etc/passwd and such.
# Exports:
#   PLUGBOARD_TEST_FTP_USER, PLUGBOARD_TEST_FTP_PASSWORD   the login on every server
#   PLUGBOARD_TEST_FTP_HOME                                 the user's home on vsftpd (the login folder)
#   PLUGBOARD_TEST_FTP_CA                                   the servers' certificate (PEM file, for 127.0.0.1)
#   PLUGBOARD_TEST_FTPS_EXPLICIT_PORT, PLUGBOARD_TEST_FTPS_IMPLICIT_PORT   vsftpd
#   PLUGBOARD_TEST_FTP_PLAIN_PORT, PLUGBOARD_TEST_FTP_PLAIN_HOME           pyftpdlib and its folder
#   PLUGBOARD_TEST_FTP_HOSTILE_PORT                                        pyftpdlib with hostile listings

start_ftp_servers() {
  ensure_packages vsftpd openssl python3
  ensure_python_packages pyftpdlib==2.2.0
  local work
  work="$(mktemp -d /tmp/plugboard-ftp.XXXXXX)"
  chmod 755 "$work"
  export PLUGBOARD_TEST_FTP_USER="plugboard-ftp"
  PLUGBOARD_TEST_FTP_PASSWORD="ftp-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export PLUGBOARD_TEST_FTP_PASSWORD
  id -u "$PLUGBOARD_TEST_FTP_USER" >/dev/null 2>&1 || as_root useradd -m -s /bin/sh "$PLUGBOARD_TEST_FTP_USER"
  echo "$PLUGBOARD_TEST_FTP_USER:$PLUGBOARD_TEST_FTP_PASSWORD" | as_root chpasswd
  export PLUGBOARD_TEST_FTP_HOME="/home/$PLUGBOARD_TEST_FTP_USER"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  export PLUGBOARD_TEST_FTP_CA="$work/cert.pem"
  as_root mkdir -p /var/run/vsftpd/empty

  start_vsftpd "$work" explicit NO
  export PLUGBOARD_TEST_FTPS_EXPLICIT_PORT="$FTP_STARTED_PORT"
  start_vsftpd "$work" implicit YES
  export PLUGBOARD_TEST_FTPS_IMPLICIT_PORT="$FTP_STARTED_PORT"

  export PLUGBOARD_TEST_FTP_PLAIN_HOME="$work/plain"
  mkdir -p "$PLUGBOARD_TEST_FTP_PLAIN_HOME" "$work/hostile"
  start_pyftpdlib "$work" plain "$PLUGBOARD_TEST_FTP_PLAIN_HOME"
  export PLUGBOARD_TEST_FTP_PLAIN_PORT="$FTP_STARTED_PORT"
  start_pyftpdlib "$work" hostile "$work/hostile"
  export PLUGBOARD_TEST_FTP_HOSTILE_PORT="$FTP_STARTED_PORT"
  on_exit "rm -rf '$work'"
  echo "vsftpd on 127.0.0.1:$PLUGBOARD_TEST_FTPS_EXPLICIT_PORT (explicit TLS) and :$PLUGBOARD_TEST_FTPS_IMPLICIT_PORT (implicit TLS); pyftpdlib on :$PLUGBOARD_TEST_FTP_PLAIN_PORT (plain) and :$PLUGBOARD_TEST_FTP_HOSTILE_PORT (hostile)" >&2
}

# start_vsftpd WORK NAME IMPLICIT: one vsftpd in the foreground of a background job; sets FTP_STARTED_PORT.
start_vsftpd() {
  local work="$1" name="$2" implicit="$3" port pasv
  port="$(quiet_port)"
  pasv="$(quiet_port)"
  cat > "$work/vsftpd-$name.conf" <<CONFIG
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pasv_enable=YES
pasv_min_port=$pasv
pasv_max_port=$((pasv + 40))
ssl_enable=YES
implicit_ssl=$implicit
require_ssl_reuse=YES
force_local_logins_ssl=YES
force_local_data_ssl=YES
rsa_cert_file=$work/cert.pem
rsa_private_key_file=$work/key.pem
pam_service_name=vsftpd
seccomp_sandbox=NO
max_clients=200
max_per_ip=200
vsftpd_log_file=$work/vsftpd-$name.log
CONFIG
  as_root setsid /usr/sbin/vsftpd "$work/vsftpd-$name.conf" >"$work/vsftpd-$name.out" 2>&1 &
  on_exit "as_root pkill -f '^/usr/sbin/vsftpd $work/vsftpd-$name.conf' 2>/dev/null"
  wait_for_port "$port" "vsftpd ($name)" "$work/vsftpd-$name.out"
  FTP_STARTED_PORT="$port"
}

# start_pyftpdlib WORK MODE HOME: sets FTP_STARTED_PORT.
start_pyftpdlib() {
  local work="$1" mode="$2" home="$3" port
  port="$(quiet_port)"
  setsid python3 Tests/FTPNodeTests/Python/ftp_server.py "$mode" "$port" "$home" \
    "$PLUGBOARD_TEST_FTP_USER" "$PLUGBOARD_TEST_FTP_PASSWORD" >"$work/pyftpdlib-$mode.log" 2>&1 &
  on_exit "pkill -f 'ftp_server.py $mode $port ' 2>/dev/null"
  wait_for_port "$port" "pyftpdlib ($mode)" "$work/pyftpdlib-$mode.log"
  FTP_STARTED_PORT="$port"
}
