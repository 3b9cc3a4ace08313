#!/bin/sh
# Layer rule of STYLE.md section 1: includes only point down.
#   util <- dns <- {zone, tsig, acl} <- xfr ; control <- util only
#   lib/ never includes parser/, daemon/ or ctl/; ctl/ never includes daemon/.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1
fail=0

allowed() {
	# $1 = including module, $2 = included top directory
	case "$1:$2" in
	util:util) return 0 ;;
	dns:util | dns:dns) return 0 ;;
	zone:util | zone:dns | zone:zone) return 0 ;;
	tsig:util | tsig:dns | tsig:tsig) return 0 ;;
	acl:util | acl:dns | acl:acl) return 0 ;;
	xfr:util | xfr:dns | xfr:zone | xfr:tsig | xfr:xfr) return 0 ;;
	control:util | control:control) return 0 ;;
	esac
	return 1
}

for f in $(find lib -name '*.[ch]' | sort); do
	mod=$(echo "$f" | cut -d/ -f2)
	for inc in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		dir=${inc%%/*}
		[ "$dir" = "$inc" ] && continue # same-directory include
		if ! allowed "$mod" "$dir"; then
			echo "$f: includes \"$inc\": lib/$mod may not depend on $dir"
			fail=1
		fi
	done
done
for f in $(find parser ctl -name '*.[chly]' 2>/dev/null | sort); do
	if grep -n '#[[:space:]]*include[[:space:]]*"daemon/' "$f"; then
		echo "$f: includes daemon/ (only daemon/ may)"
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "layering OK"
exit $fail
