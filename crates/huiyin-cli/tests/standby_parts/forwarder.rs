//! A movable address for the standby test: what a virtual IP or proxy is on a site.

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP forwarder to a port that can be moved: moving it drops every connection it carries,
/// as moving a virtual IP does.
pub struct Forwarder {
    port: u16,
    target: watch::Sender<u16>,
}

impl Forwarder {
    pub async fn to(target: u16) -> Forwarder {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = watch::channel(target);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut moved = rx.clone();
                let to = *moved.borrow_and_update();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(("127.0.0.1", to)).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = moved.changed() => {}
                    }
                });
            }
        });
        Forwarder { port, target: tx }
    }

    pub fn move_to(&self, port: u16) {
        self.target.send_replace(port);
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}
