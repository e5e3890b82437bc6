package org.underlay.dsl.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.validation.Check;
import org.underlay.dsl.images.ImageCatalogue;
import org.underlay.dsl.scoping.Spelling;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.ParamValue;
import org.underlay.dsl.underlay.StringValue;
import org.underlay.dsl.underlay.Value;

/**
 * Every {@code os.image} the design sets (a default, a site, room, rack, profile or device value) names an image of
 * the design's catalogue, {@code images/manifest.json} beside its files, when it has one: the boot service would
 * otherwise refuse the machine at install time. Checked where the value is written, once, not per device.
 */
public class ImageValidator extends UnderlayCheck {

	/** The param that names the image. */
	public static final String IMAGE_PARAM = "os.image";

	private record Read(FileTime modified, List<String> names, String problem) {
	}

	/** Catalogues by folder, read again when their manifest changes. */
	private static final Map<Path, Read> CATALOGUES = new ConcurrentHashMap<>();

	@Check
	public void checkImageValue(ParamValue value) {
		ParamDecl declaration = value.getParam();
		if (declaration != null && !declaration.eIsProxy() && IMAGE_PARAM.equals(declaration.getName())) {
			check(value, value.getValue());
		}
	}

	@Check
	public void checkImageDefault(ParamDecl declaration) {
		if (IMAGE_PARAM.equals(declaration.getName())) {
			check(declaration, declaration.getDefault());
		}
	}

	private void check(EObject owner, Value value) {
		if (!(value instanceof StringValue text) || text.getValue() == null || owner.eResource() == null) {
			return;
		}
		URI uri = owner.eResource().getURI();
		if (uri == null || !uri.isFile()) {
			return;
		}
		Path folder = ImageCatalogue.near(Path.of(uri.toFileString()));
		if (folder == null) {
			return; // no catalogue: this design does not install images itself
		}
		Read catalogue = read(folder);
		Path manifest = folder.resolve(ImageCatalogue.MANIFEST);
		if (catalogue.problem() != null) {
			error("the image catalogue " + manifest + " cannot be read: " + catalogue.problem(), value, null,
					IssueCodes.UNKNOWN_IMAGE, text.getValue());
			return;
		}
		if (!catalogue.names().contains(text.getValue())) {
			String nearest = Spelling.nearest(text.getValue(), catalogue.names());
			error("image '" + text.getValue() + "' is not in the image catalogue (" + ImageCatalogue.FOLDER + "/"
					+ ImageCatalogue.MANIFEST + (catalogue.names().isEmpty() ? " has none"
							: " has " + String.join(", ", catalogue.names()))
					+ ")" + (nearest == null ? "" : "; did you mean " + nearest + "?"), value, null,
					IssueCodes.UNKNOWN_IMAGE, text.getValue());
		}
	}

	private static Read read(Path folder) {
		Path manifest = folder.resolve(ImageCatalogue.MANIFEST);
		FileTime modified;
		try {
			modified = Files.getLastModifiedTime(manifest);
		} catch (IOException e) {
			return new Read(null, List.of(), e.getMessage());
		}
		Read cached = CATALOGUES.get(folder);
		if (cached != null && modified.equals(cached.modified())) {
			return cached;
		}
		Read read;
		try {
			read = new Read(modified,
					ImageCatalogue.load(folder).images().stream().map(ImageCatalogue.Image::name).toList(), null);
		} catch (IOException e) {
			read = new Read(modified, List.of(), e.getMessage());
		}
		CATALOGUES.put(folder, read);
		return read;
	}
}
