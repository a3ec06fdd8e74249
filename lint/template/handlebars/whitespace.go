package handlebars

import (
	"regexp"
	"strings"
)

// Whitespace control, as handlebars.js's WhitespaceControl applies it
// before rendering: "~" strips the adjacent whitespace, and a block, else,
// comment or partial tag alone on its line takes the line with it.

var (
	reTrailNL     = regexp.MustCompile(`\r?\n\s*?$`)
	reTrailNLRoot = regexp.MustCompile(`(^|\r?\n)\s*?$`)
	reLeadNL      = regexp.MustCompile(`^\s*?\r?\n`)
	reLeadNLRoot  = regexp.MustCompile(`^\s*?(\r?\n|$)`)
)

type wsStrip struct {
	open, close                                       bool
	openStandalone, closeStandalone, inlineStandalone bool
}

func wsProgram(p *programNode, isRoot bool) {
	if p == nil {
		return
	}
	body := p.body
	for i, n := range body {
		strip, ok := wsAccept(n)
		if !ok {
			continue
		}
		prevWS := isPrevWhitespace(body, i, isRoot)
		nextWS := isNextWhitespace(body, i, isRoot)
		openSA := strip.openStandalone && prevWS
		closeSA := strip.closeStandalone && nextWS
		inlineSA := strip.inlineStandalone && prevWS && nextWS
		if strip.close {
			omitRight(body, i, true)
		}
		if strip.open {
			omitLeft(body, i, true)
		}
		if inlineSA {
			omitRight(body, i, false)
			if omitLeft(body, i, false) {
				if pt, ok := n.(*partialNode); ok {
					if t, ok := body[i-1].(*textNode); ok {
						pt.indent = t.orig[len(strings.TrimRight(t.orig, " \t")):]
					}
				}
			}
		}
		if b, ok := n.(*blockNode); ok {
			if openSA {
				prog := b.program
				if prog == nil {
					prog = b.inverse
				}
				omitRight(prog.body, -1, false)
				omitLeft(body, i, false)
			}
			if closeSA {
				omitRight(body, i, false)
				prog := b.inverse
				if prog == nil {
					prog = b.program
				}
				omitLeft(prog.body, len(prog.body), false)
			}
		}
	}
}

func wsAccept(n node) (wsStrip, bool) {
	switch x := n.(type) {
	case *mustacheNode:
		return wsStrip{open: x.strip.open, close: x.strip.close}, true
	case *partialNode:
		return wsStrip{open: x.strip.open, close: x.strip.close, inlineStandalone: true}, true
	case *commentNode:
		return wsStrip{open: x.strip.open, close: x.strip.close, inlineStandalone: true}, true
	case *blockNode:
		return wsBlock(x), true
	}
	return wsStrip{}, false
}

func wsBlock(b *blockNode) wsStrip {
	wsProgram(b.program, false)
	wsProgram(b.inverse, false)
	program, inverse := b.program, (*programNode)(nil)
	if program == nil {
		program = b.inverse
	} else {
		inverse = b.inverse
	}
	firstInverse, lastInverse := inverse, inverse
	if inverse != nil && inverse.chained && len(inverse.body) > 0 {
		if cb, ok := inverse.body[0].(*blockNode); ok {
			firstInverse = cb.program
		}
		for lastInverse.chained && len(lastInverse.body) > 0 {
			cb, ok := lastInverse.body[len(lastInverse.body)-1].(*blockNode)
			if !ok || cb.inverse == nil {
				if ok {
					lastInverse = cb.program
				}
				break
			}
			lastInverse = cb.inverse
		}
	}
	if program == nil {
		program = &programNode{}
	}
	fi := firstInverse
	if fi == nil {
		fi = program
	}
	strip := wsStrip{
		open:            b.openStrip.open,
		close:           b.closeStrip.close,
		openStandalone:  isNextWhitespace(program.body, -1, false),
		closeStandalone: isPrevWhitespace(fi.body, len(fi.body), false),
	}
	if b.openStrip.close {
		omitRight(program.body, -1, true)
	}
	if inverse != nil && firstInverse != nil && lastInverse != nil {
		if b.inverseStrip.open {
			omitLeft(program.body, len(program.body), true)
		}
		if b.inverseStrip.close {
			omitRight(firstInverse.body, -1, true)
		}
		if b.closeStrip.open {
			omitLeft(lastInverse.body, len(lastInverse.body), true)
		}
		if isPrevWhitespace(program.body, len(program.body), false) && isNextWhitespace(firstInverse.body, -1, false) {
			omitLeft(program.body, len(program.body), false)
			omitRight(firstInverse.body, -1, false)
		}
	} else if b.closeStrip.open {
		omitLeft(program.body, len(program.body), true)
	}
	return strip
}

func isPrevWhitespace(body []node, i int, isRoot bool) bool {
	if i-1 < 0 || i-1 >= len(body) {
		return isRoot
	}
	t, ok := body[i-1].(*textNode)
	if !ok {
		return false
	}
	if i-2 >= 0 || !isRoot {
		return reTrailNL.MatchString(t.orig)
	}
	return reTrailNLRoot.MatchString(t.orig)
}

func isNextWhitespace(body []node, i int, isRoot bool) bool {
	if i+1 >= len(body) {
		return isRoot
	}
	t, ok := body[i+1].(*textNode)
	if !ok {
		return false
	}
	if i+2 < len(body) || !isRoot {
		return reLeadNL.MatchString(t.orig)
	}
	return reLeadNLRoot.MatchString(t.orig)
}

var (
	reLeadWS   = regexp.MustCompile(`^\s+`)
	reLeadLine = regexp.MustCompile(`^[ \t]*\r?\n?`)
	reTrailWS  = regexp.MustCompile(`\s+$`)
	reTrailSp  = regexp.MustCompile(`[ \t]+$`)
)

// omitRight strips the start of the text node after body[i] (i = -1: the
// first node).
func omitRight(body []node, i int, multiple bool) {
	if i+1 >= len(body) || i+1 < 0 {
		return
	}
	t, ok := body[i+1].(*textNode)
	if !ok || (!multiple && t.rStriped) {
		return
	}
	orig := t.val
	if multiple {
		t.val = reLeadWS.ReplaceAllString(t.val, "")
	} else {
		t.val = reLeadLine.ReplaceAllString(t.val, "")
	}
	t.rStriped = t.val != orig
}

// omitLeft strips the end of the text node before body[i] (i = len: the
// last node).
func omitLeft(body []node, i int, multiple bool) bool {
	if i-1 < 0 || i-1 >= len(body) {
		return false
	}
	t, ok := body[i-1].(*textNode)
	if !ok || (!multiple && t.lStripped) {
		return false
	}
	orig := t.val
	if multiple {
		t.val = reTrailWS.ReplaceAllString(t.val, "")
	} else {
		t.val = reTrailSp.ReplaceAllString(t.val, "")
	}
	t.lStripped = t.val != orig
	return t.lStripped
}
