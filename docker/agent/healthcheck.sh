#!/bin/sh
# Health check of the DINFRA agent image. With the dinfra-status feature installed (HTTP on 8181):
# healthy when GET /dinfra/health answers 200, unhealthy on any other answer but 404. Without it
# (nothing answers, or 404): healthy when Karaf's SSH console (8101) accepts connections, i.e.
# Karaf has started its boot features.
#   DINFRA_HEALTH_URL  default http://127.0.0.1:8181/dinfra/health
URL="${DINFRA_HEALTH_URL:-http://127.0.0.1:8181/dinfra/health}"
code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL")" || true
case "$code" in
	200) exit 0 ;;
	000|404) ;;
	*) echo "unhealthy: $URL answered $code"; exit 1 ;;
esac
# Nothing answers on HTTP: fall back to the SSH console's port.
if timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8101' 2>/dev/null; then
	exit 0
fi
echo "unhealthy: neither $URL nor 127.0.0.1:8101 answers"
exit 1
