import java.io.File;
import java.util.List;

import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLXMLOntologyFormat;
import org.semanticweb.owlapi.io.RDFXMLOntologyFormat;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyFormat;
import org.semanticweb.owlapi.model.OWLOntologyManager;

/**
 * OWL API 3 file handling for OwlCheck: RDF/XML or OWL/XML (.owx) in and out.
 * Version 3 cannot be told the document format, so a file that another parser than the
 * one its extension names accepted is refused after loading.
 */
final class OntologyFiles {
    static final String API = "3";

    static OWLOntology load(OWLOntologyManager manager, File file) throws Exception {
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file));
        OWLOntologyFormat format = manager.getOntologyFormat(ontology);
        boolean owx = file.getName().endsWith(".owx");
        if (owx ? !(format instanceof OWLXMLOntologyFormat) : !(format instanceof RDFXMLOntologyFormat)) {
            throw new OWLOntologyCreationException(file + ": not " + (owx ? "OWL/XML" : "RDF/XML") + ", read as " + format);
        }
        return ontology;
    }

    static void save(OWLOntologyManager manager, OWLOntology ontology, File out) throws Exception {
        OWLOntologyFormat format = out.getName().endsWith(".owx") ? new OWLXMLOntologyFormat() : new RDFXMLOntologyFormat();
        manager.saveOntology(ontology, format, IRI.create(out.toURI()));
    }

    static String formatName(OWLOntologyManager manager, OWLOntology ontology) {
        return manager.getOntologyFormat(ontology).toString();
    }

    static String versionIri(OWLOntology ontology) {
        IRI version = ontology.getOntologyID().getVersionIRI();
        return version == null ? "" : version.toString();
    }

    /**
     * None reported: 3.4.3's loader metadata also lists IRI-valued annotation triples that
     * it did turn into annotation assertions (seen on roto.owl), so it is no signal here.
     */
    static List<String> unparsedTriples(OWLOntologyManager manager, OWLOntology ontology) {
        return List.of();
    }
}
