package org.underlay.cli.interchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.UnderlayPackage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The design model as JSON, for tools that do not speak the language: a generic mapping of the EMF model. Every
 * object is {@code {"eClass": "Device", feature: value...}}; attributes as JSON values (enums by their keyword, e.g.
 * {@code "patch-panel"}), containments nested, cross-references as the target's qualified name
 * ({@code "acme.lib.DellR650"}, networks and feeds {@code "acme.fra1.fra1.prod"}) or, for devices, the host name.
 * The document is {@code {"format": "underlay-design", "version": 1, "files": [{"path": ..., "design": {...}}]}}.
 * <p>
 * An attribute is written when it is set or written in the text, so that {@code at 42 left} keeps its {@code left}
 * although it is the enum's default: the reader reports such attributes so that the serializer writes them too.
 */
public final class DesignJson {

	public static final String FORMAT = "underlay-design";
	public static final int VERSION = 1;

	/** Bad JSON content: not our format, an unknown class or feature, a reference to nothing. */
	public static final class FormatException extends Exception {
		private static final long serialVersionUID = 1L;

		public FormatException(String message) {
			super(message);
		}
	}

	/** One file of a design: where it goes (relative path) and its model. */
	public record DesignFile(String path, Design design) {
	}

	/** What {@link #read} rebuilt: the files, and per object the attributes the JSON gave explicitly. */
	public record Model(List<DesignFile> files, Map<EObject, Set<EStructuralFeature>> written) {
	}

	private DesignJson() {
	}

	// ------------------------------------------------------------------------------------------------- writing

	public static JsonObject write(List<DesignFile> files, IQualifiedNameProvider names) {
		JsonObject root = new JsonObject();
		root.addProperty("format", FORMAT);
		root.addProperty("version", VERSION);
		JsonArray array = new JsonArray();
		for (DesignFile file : files) {
			JsonObject entry = new JsonObject();
			entry.addProperty("path", file.path());
			entry.add("design", object(file.design(), names));
			array.add(entry);
		}
		root.add("files", array);
		return root;
	}

	private static JsonObject object(EObject object, IQualifiedNameProvider names) {
		JsonObject json = new JsonObject();
		json.addProperty("eClass", object.eClass().getName());
		for (EStructuralFeature feature : object.eClass().getEAllStructuralFeatures()) {
			if (feature.isTransient() || feature.isDerived()) {
				continue;
			}
			if (feature instanceof EAttribute attribute) {
				boolean written = object.eIsSet(attribute)
						|| !attribute.isMany() && !NodeModelUtils.findNodesForFeature(object, attribute).isEmpty();
				if (!written) {
					continue;
				}
				if (attribute.isMany()) {
					JsonArray values = new JsonArray();
					for (Object value : (List<?>) object.eGet(attribute)) {
						values.add(value(value));
					}
					json.add(attribute.getName(), values);
				} else {
					json.add(attribute.getName(), value(object.eGet(attribute)));
				}
			} else if (feature instanceof EReference reference && object.eIsSet(reference)) {
				if (reference.isContainment()) {
					if (reference.isMany()) {
						JsonArray children = new JsonArray();
						for (EObject child : (List<? extends EObject>) object.eGet(reference)) {
							children.add(object(child, names));
						}
						json.add(reference.getName(), children);
					} else {
						json.add(reference.getName(), object((EObject) object.eGet(reference), names));
					}
				} else if (!reference.isContainer()) {
					List<INode> nodes = NodeModelUtils.findNodesForFeature(object, reference);
					if (reference.isMany()) {
						JsonArray targets = new JsonArray();
						List<?> values = (List<?>) object.eGet(reference, false);
						for (int i = 0; i < values.size(); i++) {
							targets.add(reference(object, (EObject) values.get(i), i < nodes.size() ? nodes.get(i) : null,
									names));
						}
						json.add(reference.getName(), targets);
					} else {
						json.addProperty(reference.getName(), reference(object, (EObject) object.eGet(reference),
								nodes.isEmpty() ? null : nodes.get(0), names));
					}
				}
			}
		}
		return json;
	}

	private static JsonElement value(Object value) {
		if (value instanceof Enumerator literal) {
			return new JsonPrimitive(literal.getLiteral());
		}
		if (value instanceof Number number) {
			return new JsonPrimitive(number);
		}
		if (value instanceof Boolean bool) {
			return new JsonPrimitive(bool);
		}
		return new JsonPrimitive(String.valueOf(value));
	}

	/** The target's qualified name, a device's host name; an unresolved reference as written. */
	private static String reference(EObject owner, EObject target, INode node, IQualifiedNameProvider names) {
		if (target != null && target.eIsProxy()) {
			target = EcoreUtil.resolve(target, owner);
		}
		if (target == null || target.eIsProxy()) {
			return node == null ? "" : NodeModelUtils.getTokenText(node);
		}
		if (target instanceof Device device) {
			return device.getName();
		}
		QualifiedName name = names.getFullyQualifiedName(target);
		return name != null ? name.toString() : (node == null ? "" : NodeModelUtils.getTokenText(node));
	}

	// ------------------------------------------------------------------------------------------------- reading

	public static Model read(JsonObject root, IQualifiedNameProvider names) throws FormatException {
		if (root.get("format") == null || !FORMAT.equals(text(root.get("format")))) {
			throw new FormatException("not an Underlay design (expected \"format\": \"" + FORMAT + "\")");
		}
		if (root.get("version") == null || !root.get("version").isJsonPrimitive()
				|| root.get("version").getAsInt() != VERSION) {
			throw new FormatException("unsupported version " + root.get("version") + " (this tool reads " + VERSION + ")");
		}
		if (!(root.get("files") instanceof JsonArray files)) {
			throw new FormatException("no \"files\" array");
		}
		Reader reader = new Reader();
		List<DesignFile> result = new ArrayList<>();
		for (JsonElement element : files) {
			if (!(element instanceof JsonObject file) || !(file.get("design") instanceof JsonObject design)
					|| file.get("path") == null) {
				throw new FormatException("each entry of \"files\" needs a \"path\" and a \"design\"");
			}
			EObject object = reader.object(design, "files[" + result.size() + "].design");
			if (!(object instanceof Design d)) {
				throw new FormatException("files[" + result.size() + "].design is a " + object.eClass().getName()
						+ ", not a Design");
			}
			result.add(new DesignFile(text(file.get("path")), d));
		}
		reader.link(names);
		return new Model(result, reader.written);
	}

	private static String text(JsonElement element) {
		return element != null && element.isJsonPrimitive() ? element.getAsString() : String.valueOf(element);
	}

	private static final class Reader {
		private final Map<EObject, Set<EStructuralFeature>> written = new IdentityHashMap<>();
		private final List<Pending> pending = new ArrayList<>();
		private final List<EObject> created = new ArrayList<>();

		private record Pending(EObject owner, EReference reference, List<String> names, String where) {
		}

		EObject object(JsonObject json, String where) throws FormatException {
			JsonElement className = json.get("eClass");
			EClassifier classifier = className == null ? null
					: UnderlayPackage.eINSTANCE.getEClassifier(text(className));
			if (!(classifier instanceof EClass eClass) || eClass.isAbstract()) {
				throw new FormatException(where + ": unknown eClass " + className);
			}
			EObject object = EcoreUtil.create(eClass);
			created.add(object);
			Set<EStructuralFeature> given = new HashSet<>();
			for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
				if (entry.getKey().equals("eClass")) {
					continue;
				}
				EStructuralFeature feature = eClass.getEStructuralFeature(entry.getKey());
				String at = where + "." + entry.getKey();
				if (feature == null) {
					throw new FormatException(at + ": " + eClass.getName() + " has no feature '" + entry.getKey() + "'");
				}
				JsonElement value = entry.getValue();
				if (feature instanceof EAttribute attribute) {
					given.add(attribute);
					if (attribute.isMany()) {
						EList<Object> values = list(object, attribute);
						for (JsonElement item : array(value, at)) {
							values.add(attributeValue(attribute, item, at));
						}
					} else {
						object.eSet(attribute, attributeValue(attribute, value, at));
					}
				} else {
					EReference reference = (EReference) feature;
					if (reference.isContainment()) {
						if (reference.isMany()) {
							EList<Object> children = list(object, reference);
							int i = 0;
							for (JsonElement item : array(value, at)) {
								children.add(child(item, at + "[" + i++ + "]"));
							}
						} else {
							object.eSet(reference, child(value, at));
						}
					} else {
						List<String> targets = new ArrayList<>();
						if (reference.isMany()) {
							for (JsonElement item : array(value, at)) {
								targets.add(text(item));
							}
						} else {
							targets.add(text(value));
						}
						pending.add(new Pending(object, reference, targets, at));
					}
				}
			}
			written.put(object, given);
			return object;
		}

		private EObject child(JsonElement element, String where) throws FormatException {
			if (!(element instanceof JsonObject json)) {
				throw new FormatException(where + ": expected an object");
			}
			return object(json, where);
		}

		@SuppressWarnings("unchecked")
		private static EList<Object> list(EObject object, EStructuralFeature feature) {
			return (EList<Object>) object.eGet(feature);
		}

		private static JsonArray array(JsonElement element, String where) throws FormatException {
			if (!(element instanceof JsonArray array)) {
				throw new FormatException(where + ": expected an array");
			}
			return array;
		}

		private static Object attributeValue(EAttribute attribute, JsonElement element, String where)
				throws FormatException {
			EDataType type = attribute.getEAttributeType();
			if (element == null || !element.isJsonPrimitive()) {
				throw new FormatException(where + ": expected a value");
			}
			JsonPrimitive primitive = element.getAsJsonPrimitive();
			if (type instanceof EEnum eEnum) {
				EEnumLiteral literal = eEnum.getEEnumLiteralByLiteral(primitive.getAsString());
				if (literal == null) {
					literal = eEnum.getEEnumLiteral(primitive.getAsString());
				}
				if (literal == null) {
					throw new FormatException(where + ": '" + primitive.getAsString() + "' is not one of "
							+ eEnum.getELiterals().stream().map(EEnumLiteral::getLiteral).toList());
				}
				return literal.getInstance();
			}
			if (type == EcorePackage.Literals.EINT) {
				if (!primitive.isNumber()) {
					throw new FormatException(where + ": expected a whole number");
				}
				return primitive.getAsInt();
			}
			if (type == EcorePackage.Literals.EBOOLEAN) {
				if (!primitive.isBoolean()) {
					throw new FormatException(where + ": expected true or false");
				}
				return primitive.getAsBoolean();
			}
			return primitive.getAsString();
		}

		void link(IQualifiedNameProvider names) throws FormatException {
			Map<String, List<EObject>> byName = new HashMap<>();
			for (EObject object : created) {
				String name = object instanceof Device device ? device.getName() : null;
				if (name == null) {
					QualifiedName qualified = names.getFullyQualifiedName(object);
					name = qualified == null ? null : qualified.toString();
				}
				if (name != null) {
					byName.computeIfAbsent(name, n -> new ArrayList<>()).add(object);
				}
			}
			for (Pending p : pending) {
				List<EObject> targets = new ArrayList<>();
				for (String name : p.names()) {
					EObject target = byName.getOrDefault(name, List.of()).stream()
							.filter(p.reference().getEReferenceType()::isInstance).findFirst().orElse(null);
					if (target == null) {
						throw new FormatException(p.where() + ": no " + p.reference().getEReferenceType().getName()
								+ " named '" + name + "' in the JSON");
					}
					targets.add(target);
				}
				if (p.reference().isMany()) {
					list(p.owner(), p.reference()).addAll(targets);
				} else {
					p.owner().eSet(p.reference(), targets.get(0));
				}
			}
		}
	}
}
