//go:build !linux

package keyrings

import (
	"context"
	"errors"
)

// The library offers Secret Service and KWallet on Linux only.

func secretServiceReady(context.Context, string) error {
	return errors.New("secret-service is only used on Linux")
}

func kwalletRunning(context.Context) error {
	return errors.New("kwallet is only used on Linux")
}

func collectionLocked(context.Context, string) (bool, error) {
	return false, errors.New("secret-service is only used on Linux")
}

func promptUnlock(context.Context, string) error {
	return errors.New("secret-service is only used on Linux")
}
