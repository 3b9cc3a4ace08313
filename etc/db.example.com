; Example master file for the zone example.com.
; Check it with:   ditto-checkzone example.com etc/db.example.com
; Canonical dump:  ditto-checkzone -D -o - example.com etc/db.example.com
$TTL 3600
$ORIGIN example.com.
@		IN SOA	ns1 hostmaster (
			2026010101	; serial (YYYYMMDDnn)
			7200		; refresh (2 hours)
			3600		; retry (1 hour)
			1209600		; expire (2 weeks)
			300 )		; negative-caching TTL (5 minutes)
		IN NS	ns1
		IN NS	ns2
		IN MX	10 mail
		IN TXT	"v=spf1 mx -all"
ns1		IN A	192.0.2.1
ns2		IN A	198.51.100.2
		IN AAAA	2001:db8::2
mail		IN A	192.0.2.25
www		IN A	192.0.2.80
		IN AAAA	2001:db8::80
ftp		IN CNAME www
_sip._tcp	IN SRV	10 60 5060 sip
sip	300	IN A	192.0.2.60
