package org.underlay.dsl.validation;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.params.ParamResolver.EffectiveParam;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.ShellQuoting;
import org.underlay.dsl.params.Templates;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.BmcSpec;
import org.underlay.dsl.underlay.BootStep;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.ListValue;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.ParamValue;
import org.underlay.dsl.underlay.PowerStep;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.RunStep;
import org.underlay.dsl.underlay.ScriptStep;
import org.underlay.dsl.underlay.Step;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;
import org.underlay.dsl.underlay.Value;
import org.underlay.dsl.underlay.Workflow;

/** Params and their layering, templates and scripts, workflows against the BMC's capabilities. */
public class AutomationValidator extends UnderlayCheck {

	// params ---------------------------------------------------------------------------------------------------

	@Check
	public void checkParamValueType(ParamValue value) {
		ParamDecl declaration = value.getParam();
		if (declaration != null && !declaration.eIsProxy()) {
			checkType(declaration, value.getValue(), value, "param " + declaration.getName());
		}
	}

	@Check
	public void checkParamDefaultType(ParamDecl declaration) {
		if (declaration.getDefault() != null) {
			checkType(declaration, declaration.getDefault(), declaration, "the default of " + declaration.getName());
		}
	}

	private void checkType(ParamDecl declaration, Value value, EObject owner, String what) {
		if (value == null || Values.typeOf(value) == declaration.getType()) {
			return;
		}
		error(what + " is declared " + declaration.getType().getLiteral() + " but given "
				+ Values.typeOf(value).getLiteral() + " " + Values.format(value), value, null,
				IssueCodes.PARAM_TYPE_MISMATCH);
	}

	@Check
	public void checkTemplateParams(RunStep step) {
		checkTemplate(step, step.getCommand(), Literals.RUN_STEP__COMMAND);
	}

	@Check
	public void checkTemplateParams(ScriptStep step) {
		checkTemplate(step, step.getPath(), Literals.SCRIPT_STEP__PATH);
	}

	/**
	 * The engine uploads a script step's file from the design folder (its first word, the rest are arguments), so a
	 * file that is not there, or not inside it, would only fail at apply time. A path built from a template is known
	 * per device only and is not checked; nor is a design not read from disk.
	 */
	@Check
	public void checkScriptFile(ScriptStep step) {
		String path = step.getPath() == null ? "" : Templates.splitScript(step.getPath())[0];
		if (path.contains("{{")) {
			return;
		}
		Path root = DesignFiles.rootOf(step.eResource());
		String where = root == null ? "" : " (" + root + ")";
		Path relative;
		try {
			relative = Path.of(path);
		} catch (InvalidPathException e) {
			relative = null;
		}
		if (relative != null && (relative.isAbsolute() || relative.normalize().startsWith(".."))) {
			error("script " + path + " must be inside the design folder" + where + ", named relative to it", step,
					Literals.SCRIPT_STEP__PATH, IssueCodes.SCRIPT_OUTSIDE_DESIGN, path);
		} else if (path.isEmpty()) {
			error("script names no file; its first word is the script's path in the design folder", step,
					Literals.SCRIPT_STEP__PATH, IssueCodes.SCRIPT_NOT_FOUND, path);
		} else if (root != null && (relative == null || !Files.isRegularFile(root.resolve(relative)))) {
			error("script " + path + " not found in the design folder" + where, step, Literals.SCRIPT_STEP__PATH,
					IssueCodes.SCRIPT_NOT_FOUND, path);
		}
	}

	private void checkTemplate(Step step, String template, EStructuralFeature feature) {
		Set<String> declared = new HashSet<>(Templates.BUILT_INS);
		for (ParamDecl declaration : ParamResolver.declarations(step)) {
			declared.add(declaration.getName());
		}
		for (String name : new LinkedHashSet<>(Templates.references(template))) {
			if (!declared.contains(name)) {
				error("{{ " + name + " }} refers to no declared param", step, feature, IssueCodes.UNKNOWN_TEMPLATE_PARAM,
						name);
			}
		}
	}

	/** '{{ name | filter }}' names a filter the language has ('raw'); another one would leave the reference as written. */
	@Check
	public void checkTemplateFilters(Step step) {
		for (Templates.Reference reference : Templates.parse(templateOf(step))) {
			if (reference.hasUnknownFilter()) {
				error(reference + ": there is no filter '" + reference.filter() + "' (there is: "
						+ String.join(", ", Templates.FILTERS) + ")", step, templateFeature(step),
						IssueCodes.UNKNOWN_TEMPLATE_FILTER, reference.filter());
			}
		}
	}

	/** A raw value goes into the command as it is: whatever it holds runs. Every use says so. */
	@Check
	public void checkRawTemplateValues(Step step) {
		for (Templates.Reference reference : Templates.parse(templateOf(step))) {
			if (reference.isRaw()) {
				warning(reference + " goes into the command unquoted: the shell runs whatever the value of "
						+ reference.name() + " holds", step, templateFeature(step), IssueCodes.RAW_TEMPLATE_VALUE,
						reference.name());
			}
		}
	}

	/**
	 * Values are quoted for where they stand in a command; in a here-document, backquotes, a comment, $'…', after a
	 * backslash or a '$', in a command line another shell parses again (eval, ssh, sh -c …), or after a ${…} or a
	 * 'case' in $( … ) (which the quoting does not follow) no quoting protects them, and a plan with a value of other
	 * than plain characters there stops.
	 */
	@Check
	public void checkUnquotableTemplateParams(Step step) {
		String command = shellCommandOf(step);
		if (command == null) {
			return;
		}
		Templates.unquotable(command).forEach((reference, place) -> warning(reference + " stands " + place
				+ ", where its value cannot be quoted: only a value of the characters " + ShellQuoting.PLAIN_CHARACTERS
				+ " can be planned there", step, templateFeature(step), IssueCodes.UNQUOTABLE_TEMPLATE_PARAM,
				reference.name()));
	}

	/** The whole template of a run or script step, or null. */
	private static String templateOf(Step step) {
		return step instanceof RunStep run ? run.getCommand() : step instanceof ScriptStep script ? script.getPath() : null;
	}

	/** What of a step's template goes to the shell: a run step's command, a script step's arguments; or null. */
	private static String shellCommandOf(Step step) {
		if (step instanceof ScriptStep script) {
			return script.getPath() == null ? null : Templates.splitScript(script.getPath())[1];
		}
		return templateOf(step);
	}

	private static EStructuralFeature templateFeature(Step step) {
		return step instanceof RunStep ? Literals.RUN_STEP__COMMAND : Literals.SCRIPT_STEP__PATH;
	}

	/**
	 * Every param a device's workflows render must have a value after layering; a 'required' param must have one on
	 * every device with a profile.
	 */
	@Check(CheckType.NORMAL)
	public void checkParamsOfDevice(Device device) {
		List<Profile> profiles = ParamResolver.profilesOf(device);
		if (profiles.isEmpty()) {
			return;
		}
		Map<String, String> usedBy = new LinkedHashMap<>();
		for (Profile profile : profiles) {
			for (Workflow workflow : profile.getWorkflows()) {
				if (workflow == null || workflow.eIsProxy()) {
					continue;
				}
				for (Step step : workflow.getSteps()) {
					for (String name : Templates.references(templateOf(step))) {
						usedBy.putIfAbsent(name, "used by workflow " + workflow.getName());
					}
				}
			}
		}
		for (EffectiveParam param : ParamResolver.resolve(device)) {
			String name = param.declaration().getName();
			String reason = usedBy.get(name);
			if (reason == null && param.declaration().isRequired()) {
				reason = "declared required";
			}
			if (reason != null && !param.isSet()) {
				error(device.getName() + " has no value for param " + name + " (" + reason
						+ "); set it on the device, its rack, room, site or a profile, or give it a default", device,
						Literals.DEVICE__NAME, IssueCodes.REQUIRED_PARAM_MISSING, name);
			}
		}
	}

	/** A declared param that no layer sets and no template uses is dead weight, or a typo elsewhere. */
	@Check(CheckType.NORMAL)
	public void checkUnusedParams(Design design) {
		List<ParamDecl> own = new ArrayList<>();
		for (PackageElement element : design.getElements()) {
			if (element instanceof ParamDecl declaration) {
				own.add(declaration);
			}
		}
		if (own.isEmpty()) {
			return;
		}
		Set<String> templated = new HashSet<>();
		Set<ParamDecl> set = new HashSet<>();
		for (Resource resource : DesignElements.resourcesOf(design)) {
			for (EObject root : resource.getContents()) {
				for (RunStep run : EcoreUtil2.getAllContentsOfType(root, RunStep.class)) {
					templated.addAll(Templates.references(run.getCommand()));
				}
				for (ScriptStep script : EcoreUtil2.getAllContentsOfType(root, ScriptStep.class)) {
					templated.addAll(Templates.references(script.getPath()));
				}
				for (ParamValue value : EcoreUtil2.getAllContentsOfType(root, ParamValue.class)) {
					set.add(value.getParam());
				}
			}
		}
		for (ParamDecl declaration : own) {
			if (!templated.contains(declaration.getName()) && !set.contains(declaration)) {
				warning("Param " + declaration.getName() + " is neither set nor used by any workflow", declaration,
						Literals.PACKAGE_ELEMENT__NAME, IssueCodes.UNUSED_PARAM, declaration.getName());
			}
		}
	}

	// workflows and BMC capabilities -----------------------------------------------------------------------------

	/** The steps of a device's workflows must be possible with the BMC its type declares. */
	@Check
	public void checkStepsSupported(Device device) {
		DeviceType type = device.getType();
		if (type == null || type.eIsProxy()) {
			return;
		}
		for (Profile profile : ParamResolver.profilesOf(device)) {
			for (Workflow workflow : profile.getWorkflows()) {
				if (workflow == null || workflow.eIsProxy()) {
					continue;
				}
				for (Step step : workflow.getSteps()) {
					String problem = unsupported(type.getBmc(), step);
					if (problem != null) {
						error(device.getName() + " (" + type.getName() + ") cannot run workflow " + workflow.getName()
								+ ": " + problem, device, Literals.DEVICE__TYPE, IssueCodes.STEP_NOT_SUPPORTED);
						break;
					}
				}
			}
		}
	}

	/** Why a step cannot run on a BMC (null if it can). An empty capability list means "not restricted". */
	static String unsupported(BmcSpec bmc, Step step) {
		boolean needsBmc = step instanceof PowerStep || step instanceof BootStep;
		if (needsBmc && bmc == null) {
			return "the type declares no BMC, so '" + keyword(step) + "' is impossible";
		}
		if (step instanceof PowerStep power && !bmc.getPowerActions().isEmpty()
				&& !bmc.getPowerActions().contains(power.getAction())) {
			return "its BMC cannot 'power " + power.getAction().getLiteral() + "'";
		}
		if (step instanceof BootStep boot && !bmc.getBootTargets().isEmpty()
				&& !bmc.getBootTargets().contains(boot.getTarget())) {
			return "its BMC cannot boot from " + boot.getTarget().getLiteral();
		}
		return null; // run, script, reboot, wait, facts: over SSH
	}

	private static String keyword(Step step) {
		return step instanceof PowerStep ? "power" : "boot";
	}

	/** Lists hold values of one kind; a list param with mixed items is likely a typo. */
	@Check
	public void checkListValue(ListValue list) {
		Set<Object> kinds = new HashSet<>();
		for (Value item : list.getItems()) {
			kinds.add(Values.typeOf(item));
		}
		if (kinds.size() > 1) {
			warning("The items of this list are of different types", list, null, IssueCodes.PARAM_TYPE_MISMATCH);
		}
	}
}
