//! The reverse proxies whose `X-Forwarded-For` header a server believes (issue 17 item 1):
//! behind a load balancer every request's TCP peer is the balancer, so the sign-in history,
//! the audit trail and the portal's rate limits would all see one address. A request from a
//! trusted proxy is read from the right of its `X-Forwarded-For` list: the first address that
//! is not itself a trusted proxy is the client (addresses further left were written by the
//! client and prove nothing). From anyone else the header is ignored, so it cannot be forged.

use std::net::IpAddr;

/// One trusted address or network (`10.0.0.0/8`, `::1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn parse(s: &str) -> Option<Net> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Net { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The trusted proxies; none by default (the TCP peer is the client).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Net>);

impl TrustedProxies {
    /// Reads a list of addresses and networks separated by commas or spaces; the error names
    /// the entry that does not read.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' ', '\t', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Net::parse(s).ok_or_else(|| s.to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client of a request from `peer` carrying `forwarded_for` (the `X-Forwarded-For`
    /// header's values, in order).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for entry in forwarded_for.iter().flat_map(|h| h.split(',')).rev() {
            let Ok(ip) = entry.trim().parse::<IpAddr>() else {
                // A value that does not read ends what can be believed.
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn networks_read_and_match() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5 ::1,fd00::/8").unwrap_or_default();
        assert!(t.trusts(ip("10.200.3.4")));
        assert!(!t.trusts(ip("11.0.0.1")));
        assert!(t.trusts(ip("192.168.1.5")));
        assert!(!t.trusts(ip("192.168.1.6")));
        assert!(t.trusts(ip("::1")));
        assert!(t.trusts(ip("fd12::7")));
        assert!(!t.trusts(ip("fe80::1")));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap_or_default()
                .trusts(ip("8.8.8.8"))
        );
        assert!(TrustedProxies::parse("").unwrap_or_default().is_empty());
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0.1/x", "::1/129"] {
            assert_eq!(
                TrustedProxies::parse(&format!("127.0.0.1, {bad}")),
                Err(bad.to_owned())
            );
        }
    }

    #[test]
    fn the_client_is_the_first_untrusted_address_from_the_right() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap_or_default();
        let lb = ip("10.0.0.2");
        // Not from a proxy: the header is ignored (it could be forged).
        assert_eq!(t.client(ip("203.0.113.9"), &["1.2.3.4"]), ip("203.0.113.9"));
        // From the balancer: the address it saw.
        assert_eq!(t.client(lb, &["203.0.113.9"]), ip("203.0.113.9"));
        // A forged entry on the left is skipped; proxies in the chain are skipped.
        assert_eq!(
            t.client(lb, &["6.6.6.6, 203.0.113.9, 10.1.1.1"]),
            ip("203.0.113.9")
        );
        assert_eq!(t.client(lb, &["6.6.6.6", "203.0.113.9"]), ip("203.0.113.9"));
        // No header, or one that does not read: the last address believed.
        assert_eq!(t.client(lb, &[]), lb);
        assert_eq!(t.client(lb, &["junk"]), lb);
        assert_eq!(t.client(lb, &["203.0.113.9, junk"]), lb);
        // Only proxies: the leftmost of them.
        assert_eq!(t.client(lb, &["10.9.9.9"]), ip("10.9.9.9"));
        // No trusted proxies at all: always the peer.
        assert_eq!(TrustedProxies::default().client(lb, &["203.0.113.9"]), lb);
    }
}
