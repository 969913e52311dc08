package dev.majordomo.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ExecutableType;

/**
 * An abstract method of an assistant interface, declared there or inherited.
 *
 * @param element the method
 * @param type its signature as a member of the assistant, type variables of generic superinterfaces
 *     substituted
 * @param where the method as messages name it, {@code Declarer.method()}
 */
record AssistantMethod(ExecutableElement element, ExecutableType type, String where) {}
