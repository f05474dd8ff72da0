package keyrings

import (
	"context"
	"fmt"

	"github.com/godbus/dbus"
)

const (
	secretsBusName = "org.freedesktop.secrets"
	kwalletBusName = "org.kde.kwalletd5" // the only KWallet the library speaks to
)

// secretServiceReady checks, without prompting, that a Secret Service is
// running and that collection exists and is unlocked. Calling the service
// when it is not running would D-Bus-activate a daemon with a locked or
// missing collection, and the library answers that with a prompt.
func secretServiceReady(ctx context.Context, collection string) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return fmt.Errorf("no D-Bus session bus: %w", err)
	}
	if err := requireBusName(ctx, conn, secretsBusName); err != nil {
		return err
	}
	path := dbus.ObjectPath("/org/freedesktop/secrets/collection/" + collection)
	var locked dbus.Variant
	err = conn.Object(secretsBusName, path).
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, "org.freedesktop.Secret.Collection", "Locked").
		Store(&locked)
	if err != nil {
		return fmt.Errorf("no %q collection in the Secret Service: %w", collection, err)
	}
	if l, _ := locked.Value().(bool); l {
		return fmt.Errorf("the Secret Service %q collection is locked: unlock it (log in to the desktop, or gnome-keyring-daemon --unlock)", collection)
	}
	return nil
}

// kwalletRunning checks kwalletd5 is already running, for the same reason.
func kwalletRunning(ctx context.Context) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return fmt.Errorf("no D-Bus session bus: %w", err)
	}
	return requireBusName(ctx, conn, kwalletBusName)
}

func requireBusName(ctx context.Context, conn *dbus.Conn, name string) error {
	var owned bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned)
	if err != nil {
		return fmt.Errorf("ask the session bus for %s: %w", name, err)
	}
	if !owned {
		return fmt.Errorf("nothing provides %s on the session bus", name)
	}
	return nil
}
