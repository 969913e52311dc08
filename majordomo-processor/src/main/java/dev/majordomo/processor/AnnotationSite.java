package dev.majordomo.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * An annotation on an element: where a template or a tool list came from, so that a diagnostic
 * points at it.
 */
record AnnotationSite(Element element, AnnotationMirror annotation) {}
