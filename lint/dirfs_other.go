//go:build !linux && !darwin

package lint

// loadRegular has no fast path here: the file is read the slow way.
func (d *Dir) loadRegular(name string, limit int64) (data []byte, pe *ParseError, ok bool) {
	return nil, nil, false
}
