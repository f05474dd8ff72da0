package keyrings

import (
	"context"
	"errors"
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

func collectionPath(collection string) dbus.ObjectPath {
	return dbus.ObjectPath("/org/freedesktop/secrets/collection/" + collection)
}

// collectionLocked reads the collection's Locked property: one round trip.
func collectionLocked(ctx context.Context, collection string) (bool, error) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return false, fmt.Errorf("no D-Bus session bus: %w", err)
	}
	var locked dbus.Variant
	err = conn.Object(secretsBusName, collectionPath(collection)).
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, "org.freedesktop.Secret.Collection", "Locked").
		Store(&locked)
	if err != nil {
		return false, fmt.Errorf("no %q collection in the Secret Service: %w", collection, err)
	}
	l, _ := locked.Value().(bool)
	return l, nil
}

// promptUnlock asks the Secret Service to unlock collection. The service
// shows its own prompt (the desktop's password dialog); assume waits for
// the prompt's Completed signal or ctx.
func promptUnlock(ctx context.Context, collection string) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return fmt.Errorf("no D-Bus session bus: %w", err)
	}
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	err = conn.Object(secretsBusName, "/org/freedesktop/secrets").
		CallWithContext(ctx, "org.freedesktop.Secret.Service.Unlock", 0, []dbus.ObjectPath{collectionPath(collection)}).
		Store(&unlocked, &prompt)
	if err != nil {
		return fmt.Errorf("asking the Secret Service to unlock %q: %w", collection, err)
	}
	if prompt == "/" {
		return nil // unlocked without a prompt
	}
	match := fmt.Sprintf("type='signal',interface='org.freedesktop.Secret.Prompt',member='Completed',path='%s'", prompt)
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.AddMatch", 0, match).Err; err != nil {
		return fmt.Errorf("waiting for the unlock prompt: %w", err)
	}
	defer conn.BusObject().Call("org.freedesktop.DBus.RemoveMatch", 0, match)
	signals := make(chan *dbus.Signal, 4)
	conn.Signal(signals)
	defer conn.RemoveSignal(signals)
	if err := conn.Object(secretsBusName, prompt).CallWithContext(ctx, "org.freedesktop.Secret.Prompt.Prompt", 0, "").Err; err != nil {
		return fmt.Errorf("showing the unlock prompt: %w", err)
	}
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the unlock prompt: %w", ctx.Err())
		case sig := <-signals:
			if sig.Path != prompt || sig.Name != "org.freedesktop.Secret.Prompt.Completed" {
				continue
			}
			if len(sig.Body) > 0 {
				if dismissed, _ := sig.Body[0].(bool); dismissed {
					return errors.New("the unlock prompt was dismissed")
				}
			}
			return nil
		}
	}
}
