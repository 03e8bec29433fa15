#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts Debian's OpenSSH server on loopback as root without
# systemd (it needs /run/sshd), with an Ed25519 host key, the internal SFTP server, and a test user who logs in with
# a password or with an Ed25519 or ECDSA key; stops it when the script exits.
# Exports:
#   PLUGBOARD_TEST_SFTP_PORT          the port on 127.0.0.1
#   PLUGBOARD_TEST_SFTP_FINGERPRINT   the host key's SHA256:… fingerprint
#   PLUGBOARD_TEST_SFTP_USER, PLUGBOARD_TEST_SFTP_PASSWORD  the test user's login (home /home/$USER)
#   PLUGBOARD_TEST_SFTP_KEY_ED25519, PLUGBOARD_TEST_SFTP_KEY_ECDSA  its private keys (OpenSSH files), public keys beside them

start_sftp_server() {
  ensure_packages openssh-server openssh-client
  local work port attempt
  work="$(mktemp -d /tmp/plugboard-sshd.XXXXXX)"
  chmod 755 "$work"
  export PLUGBOARD_TEST_SFTP_USER="plugboard-sftp"
  PLUGBOARD_TEST_SFTP_PASSWORD="sftp-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export PLUGBOARD_TEST_SFTP_PASSWORD
  id -u "$PLUGBOARD_TEST_SFTP_USER" >/dev/null 2>&1 || as_root useradd -m -s /bin/sh "$PLUGBOARD_TEST_SFTP_USER"
  echo "$PLUGBOARD_TEST_SFTP_USER:$PLUGBOARD_TEST_SFTP_PASSWORD" | as_root chpasswd
  ssh-keygen -q -t ed25519 -N '' -C host -f "$work/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C client -f "$work/client_ed25519"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C client -f "$work/client_ecdsa"
  cat "$work/client_ed25519.pub" "$work/client_ecdsa.pub" > "$work/authorized_keys"
  chmod 644 "$work/authorized_keys" "$work"/*.pub
  port="$(quiet_port)"
  cat > "$work/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_ed25519
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $PLUGBOARD_TEST_SFTP_USER
MaxStartups 200
MaxSessions 64
Subsystem sftp internal-sftp
CONFIG
  as_root mkdir -p /run/sshd
  as_root /usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log"
  on_exit "as_root kill \$(cat '$work/sshd.pid' 2>/dev/null) 2>/dev/null; rm -rf '$work'"
  for attempt in $(seq 1 100); do
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
      export PLUGBOARD_TEST_SFTP_PORT="$port"
      PLUGBOARD_TEST_SFTP_FINGERPRINT="$(ssh-keygen -lf "$work/host_ed25519.pub" | awk '{print $2}')"
      export PLUGBOARD_TEST_SFTP_FINGERPRINT
      export PLUGBOARD_TEST_SFTP_KEY_ED25519="$work/client_ed25519" PLUGBOARD_TEST_SFTP_KEY_ECDSA="$work/client_ecdsa"
      echo "OpenSSH listening on 127.0.0.1:$port (host key $PLUGBOARD_TEST_SFTP_FINGERPRINT)" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "error: sshd did not start; its log:" >&2
  cat "$work/sshd.log" >&2
  return 1
}
