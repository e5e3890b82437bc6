package org.underlay.dsl.params;

import java.util.List;
import java.util.stream.Collectors;

import org.underlay.dsl.underlay.BoolValue;
import org.underlay.dsl.underlay.IntValue;
import org.underlay.dsl.underlay.ListValue;
import org.underlay.dsl.underlay.ParamType;
import org.underlay.dsl.underlay.StringValue;
import org.underlay.dsl.underlay.Value;

/** Param values: their type, and how they read in messages and rendered templates. */
public final class Values {

	private Values() {
	}

	public static ParamType typeOf(Value value) {
		if (value instanceof IntValue) {
			return ParamType.INT;
		}
		if (value instanceof BoolValue) {
			return ParamType.BOOL;
		}
		if (value instanceof ListValue) {
			return ParamType.LIST;
		}
		return ParamType.STRING;
	}

	/** As a template renders it: strings bare, lists comma-separated. */
	public static String render(Value value) {
		if (value instanceof StringValue s) {
			return s.getValue() == null ? "" : s.getValue();
		}
		if (value instanceof IntValue i) {
			return Integer.toString(i.getValue());
		}
		if (value instanceof BoolValue b) {
			return Boolean.toString(b.isValue());
		}
		if (value instanceof ListValue l) {
			return l.getItems().stream().map(Values::render).collect(Collectors.joining(","));
		}
		return "";
	}

	/** As the design writes it: strings quoted, lists in brackets. */
	public static String format(Value value) {
		if (value instanceof StringValue s) {
			return "\"" + (s.getValue() == null ? "" : s.getValue()) + "\"";
		}
		if (value instanceof ListValue l) {
			List<String> items = l.getItems().stream().map(Values::format).toList();
			return "[" + String.join(", ", items) + "]";
		}
		return render(value);
	}
}
